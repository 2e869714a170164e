// One path's card: its interface and kind, state, RTT, loss, tx/rx rates, share of traffic and data used against its cap.
import { memo } from "react";
import type { PathState } from "../../../helper/engine/path-types";
import type { InterfaceKind, PathSnapshot } from "../../../main/ipc/dashboard-types";
import { pathColor } from "../charts/path-colors";
import { formatBitsPerSec, formatBytes, formatMs, formatPercent } from "../format/units";

const kindLabels: Record<InterfaceKind, string> = {
  ethernet: "Ethernet",
  wifi: "Wi-Fi",
  cellular: "Cellular",
  other: "Other",
};

const stateLabels: Record<PathState, string> = {
  probing: "Probing",
  up: "Up",
  degraded: "Degraded",
  down: "Down",
};

/** Visual only: the same figure is written beside it for screen readers and for reading. */
function Meter({ ratio }: { readonly ratio: number }) {
  const clamped = Math.min(1, Math.max(0, ratio));
  return (
    <div className="meter" aria-hidden="true">
      <div className="meter-fill" style={{ transform: `scaleX(${clamped})` }} />
    </div>
  );
}

export const PathCard = memo(function PathCard({ path }: { readonly path: PathSnapshot }) {
  const name = path.interface;
  const capRatio = path.dataCapBytes ? path.bytesUsed / path.dataCapBytes : undefined;
  return (
    <article
      className="card path-card"
      data-state={path.state}
      data-testid="path-card"
      data-interface={name}
      aria-labelledby={`path-${path.id}-name`}
    >
      <header className="path-card-header">
        <span className="path-swatch" style={{ background: pathColor(path.id) }} aria-hidden="true" />
        <h3 id={`path-${path.id}-name`} className="path-name">
          {name}
        </h3>
        <span className="path-kind">{kindLabels[path.kind]}</span>
        <span className="path-priority">{path.priority}</span>
      </header>
      <p className="path-state" data-testid="path-state" data-state={path.state}>
        {stateLabels[path.state]}
      </p>
      <dl className="path-figures">
        <div>
          <dt>RTT</dt>
          <dd data-testid="path-rtt">{formatMs(path.rttMs)}</dd>
        </div>
        <div>
          <dt>Loss</dt>
          <dd data-testid="path-loss">{formatPercent(path.lossRatio)}</dd>
        </div>
        <div>
          <dt>Tx</dt>
          <dd data-testid="path-tx">{formatBitsPerSec(path.txBitsPerSec)}</dd>
        </div>
        <div>
          <dt>Rx</dt>
          <dd data-testid="path-rx">{formatBitsPerSec(path.rxBitsPerSec)}</dd>
        </div>
      </dl>
      <div className="path-bar-row">
        <span className="path-bar-label">Share</span>
        <span className="path-bar-value" data-testid="path-share">
          {formatPercent(path.shareRatio)}
        </span>
        <Meter ratio={path.shareRatio} />
      </div>
      <div className="path-bar-row">
        <span className="path-bar-label">Data used</span>
        <span className="path-bar-value" data-testid="path-data-used">
          {formatBytes(path.bytesUsed)}
          {path.dataCapBytes ? ` of ${formatBytes(path.dataCapBytes)}` : ", no cap"}
        </span>
        {/* The empty track keeps every card the same height whether or not it has a cap. */}
        <Meter ratio={capRatio ?? 0} />
      </div>
    </article>
  );
});
