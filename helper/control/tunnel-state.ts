// The tunnel's states as a tagged union: the helper's state machine emits these, main and the app display them.

export type TunnelState =
  | { readonly state: "disconnected" }
  | { readonly state: "connecting"; readonly profileName: string; readonly sinceMs: number }
  | {
      readonly state: "connected";
      readonly profileName: string;
      readonly sinceMs: number;
      readonly pathsUp: number;
    }
  | {
      readonly state: "degraded";
      readonly profileName: string;
      readonly sinceMs: number;
      readonly pathsUp: number;
      readonly pathsDown: number;
    }
  | {
      readonly state: "reconnecting";
      readonly profileName: string;
      readonly sinceMs: number;
      readonly attempt: number;
    }
  | { readonly state: "error"; readonly message: string; readonly nextStep: string };

export type TunnelStateName = TunnelState["state"];

/** States in which traffic may flow through the tunnel (the connect toggle shows "on"). */
export function isTunnelActive(s: TunnelState): boolean {
  return s.state !== "disconnected" && s.state !== "error";
}
