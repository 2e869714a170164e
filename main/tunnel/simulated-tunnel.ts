// A TunnelService that only pretends to connect: the dev bridge's stand-in for the helper in UI tests. Never used by the app.
import { type TunnelService, TunnelStateHolder } from "./tunnel-service";

export interface SimulatedTunnelOptions {
  readonly profileName: string;
  readonly connectDelayMs: number;
  readonly pathsUp: number;
  readonly nowMs: () => number;
  readonly schedule: (fn: () => void, delayMs: number) => { cancel(): void };
}

export function createSimulatedTunnel(options: SimulatedTunnelOptions): TunnelService {
  const holder = new TunnelStateHolder({ state: "disconnected" });
  let pending: { cancel(): void } | undefined;

  return {
    getState: () => holder.state,
    async connect() {
      if (holder.state.state !== "disconnected" && holder.state.state !== "error") return holder.state;
      const { profileName, pathsUp } = options;
      const connecting = holder.set({ state: "connecting", profileName, sinceMs: options.nowMs() });
      pending = options.schedule(() => {
        pending = undefined;
        holder.set({ state: "connected", profileName, sinceMs: options.nowMs(), pathsUp });
      }, options.connectDelayMs);
      return connecting;
    },
    async disconnect() {
      pending?.cancel();
      pending = undefined;
      return holder.set({ state: "disconnected" });
    },
    onStateChanged: (listener) => holder.subscribe(listener),
  };
}
