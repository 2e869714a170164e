// One line above the cards: total throughput over all paths, how many are up, and how long the tunnel has been up.
import type { TunnelState } from "../../../helper/control/tunnel-state";
import type { PathSnapshot } from "../../../main/ipc/dashboard-types";
import { formatBitsPerSec } from "../format/units";

function formatDuration(ms: number): string {
  const totalSec = Math.max(0, Math.floor(ms / 1000));
  const h = Math.floor(totalSec / 3600);
  const m = Math.floor((totalSec % 3600) / 60);
  const s = totalSec % 60;
  const mmss = `${String(m).padStart(2, "0")}:${String(s).padStart(2, "0")}`;
  return h > 0 ? `${h}:${mmss}` : mmss;
}

export interface LiveTotalsProps {
  readonly paths: readonly PathSnapshot[];
  readonly tunnel: TunnelState | undefined;
  /** The newest sample's time: the clock this line ticks with. */
  readonly nowMs: number | undefined;
}

export function LiveTotals({ paths, tunnel, nowMs }: LiveTotalsProps) {
  const live = paths.length > 0 && tunnel !== undefined && "sinceMs" in tunnel && nowMs !== undefined;
  const tx = paths.reduce((sum, p) => sum + p.txBitsPerSec, 0);
  const rx = paths.reduce((sum, p) => sum + p.rxBitsPerSec, 0);
  const up = paths.filter((p) => p.state === "up").length;
  return (
    <p className="live-totals" data-testid="live-totals">
      {live ? (
        <>
          <span>
            Total <strong data-testid="total-tx">↑ {formatBitsPerSec(tx)}</strong>{" "}
            <strong data-testid="total-rx">↓ {formatBitsPerSec(rx)}</strong>
          </span>
          <span>
            {up} of {paths.length} paths up
          </span>
          <span>
            Connected <strong data-testid="time-connected">{formatDuration(nowMs - tunnel.sinceMs)}</strong>
          </span>
        </>
      ) : (
        <span>Not connected</span>
      )}
    </p>
  );
}
