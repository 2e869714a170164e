// Whether the peer speaks Braid: the client says HELLO after each handshake and waits for the reply; silence
// means a stock WireGuard peer, which gets bare IP packets on one path at a time.
import type { PeerCapability } from "./engine-api";

/** How long the client waits for a HELLO reply before treating the peer as stock WireGuard. */
export const helloTimeoutMs = 1_500;
/** HELLOs are resent this often while waiting (a lost HELLO must not demote a Braid server). */
export const helloRetryMs = 250;

export type CapabilityState =
  | {
      readonly kind: "unknown";
      readonly firstHelloAtMs: number | undefined;
      readonly lastHelloAtMs: number | undefined;
    }
  | { readonly kind: "braid"; readonly sinceMs: number }
  | { readonly kind: "stock-wireguard"; readonly sinceMs: number };

export const unknownCapability: CapabilityState = {
  kind: "unknown",
  firstHelloAtMs: undefined,
  lastHelloAtMs: undefined,
};

export function capabilityName(state: CapabilityState): PeerCapability {
  return state.kind;
}

/** The client's next step while the capability is unknown. */
export function helloDecision(
  state: CapabilityState,
  nowMs: number,
): { readonly action: "send-hello" | "wait" | "give-up"; readonly nextAtMs: number } {
  if (state.kind !== "unknown") return { action: "wait", nextAtMs: Number.POSITIVE_INFINITY };
  if (state.firstHelloAtMs !== undefined && nowMs - state.firstHelloAtMs >= helloTimeoutMs) {
    return { action: "give-up", nextAtMs: Number.POSITIVE_INFINITY };
  }
  const dueAtMs = state.lastHelloAtMs === undefined ? nowMs : state.lastHelloAtMs + helloRetryMs;
  if (nowMs >= dueAtMs) return { action: "send-hello", nextAtMs: nowMs + helloRetryMs };
  return { action: "wait", nextAtMs: Math.min(dueAtMs, (state.firstHelloAtMs ?? nowMs) + helloTimeoutMs) };
}
