// The dev bridge's test controls over the simulated tunnel: cut or restore a link, choose how many paths it has.
import { int, obj, str } from "../../helper/control/schema-dsl";
import { historyWindowMs } from "../ipc/dashboard-types";
import { maxSimulatedPaths } from "../tunnel/simulated-links";
import type { SimulatedTunnel } from "../tunnel/simulated-tunnel";

const interfaceArg = obj({ interface: str({ minLength: 1, maxLength: 15, pattern: /^[A-Za-z0-9_.:-]+$/ }) });
const countArg = obj({ count: int(1, maxSimulatedPaths) });
const backfillArg = obj({ ms: int(0, historyWindowMs) });

/**
 * POST /__braid/dev/cut-path {"interface":"eth0"}, restore-path likewise; while disconnected, for the next connect:
 * path-count {"count":8}, backfill {"ms":300000} (start with that much simulated history).
 */
export function simulatedTunnelControls(
  tunnel: SimulatedTunnel,
): Readonly<Record<string, (arg: unknown) => unknown>> {
  return {
    "cut-path": (raw) => {
      const { interface: name } = interfaceArg(raw, "cut-path");
      tunnel.cutPath(name);
      return { cut: name };
    },
    "restore-path": (raw) => {
      const { interface: name } = interfaceArg(raw, "restore-path");
      tunnel.restorePath(name);
      return { restored: name };
    },
    "path-count": (raw) => {
      const { count } = countArg(raw, "path-count");
      if (tunnel.getState().state !== "disconnected") {
        throw new Error("path-count applies at the next connect: disconnect first");
      }
      tunnel.setPathCount(count);
      return { count };
    },
    backfill: (raw) => {
      const { ms } = backfillArg(raw, "backfill");
      tunnel.setBackfillMs(ms);
      return { ms };
    },
  };
}
