// The app's TunnelService until the helper's control API exists: every connect ends in an error that says why.
import type { TunnelState } from "../../helper/control/tunnel-state";
import type { SchedulerMode } from "../../helper/engine/path-types";
import { type TunnelService, TunnelStateHolder } from "./tunnel-service";

const unavailable: TunnelState = {
  state: "error",
  message: "Braid's helper service is not reachable from this build.",
  nextStep: "Try Braid in the network lab from a terminal: sudo npx braid lab --help",
};

export function createHelperUnavailableTunnel(): TunnelService {
  const holder = new TunnelStateHolder({ state: "disconnected" });
  // No tunnel, so no paths; the mode is kept as the person's choice for when there is one.
  let mode: SchedulerMode = "bond";
  return {
    getState: () => holder.state,
    connect: async () => holder.set(unavailable),
    disconnect: async () => holder.set({ state: "disconnected" }),
    getMode: () => mode,
    setMode: async (next) => {
      mode = next;
      return mode;
    },
    getHistory: () => ({ samples: [], events: [] }),
    onStateChanged: (listener) => holder.subscribe(listener),
    onPathsSample: () => () => {},
    onPathEvent: () => () => {},
  };
}
