// The connection card: the tunnel's state in words and the big connect toggle.
import type { TunnelState } from "../../../helper/control/tunnel-state";
import { isTunnelActive } from "../../../helper/control/tunnel-state";

const stateLabels: Record<TunnelState["state"], string> = {
  disconnected: "Disconnected",
  connecting: "Connecting…",
  connected: "Connected",
  degraded: "Connected, degraded",
  reconnecting: "Reconnecting…",
  error: "Not connected",
};

function describeState(tunnel: TunnelState): string {
  switch (tunnel.state) {
    case "disconnected":
      return "Traffic goes out directly, not through Braid.";
    case "connecting":
      return `Opening the tunnel with ${tunnel.profileName}.`;
    case "connected":
      return `${tunnel.profileName}: ${tunnel.pathsUp} ${tunnel.pathsUp === 1 ? "path" : "paths"} bonded.`;
    case "degraded":
      return `${tunnel.profileName}: ${tunnel.pathsUp} up, ${tunnel.pathsDown} down.`;
    case "reconnecting":
      return `${tunnel.profileName}: attempt ${tunnel.attempt}.`;
    case "error":
      return `${tunnel.message} ${tunnel.nextStep}`;
  }
}

export interface ConnectionCardProps {
  readonly tunnel: TunnelState | undefined;
  readonly busy: boolean;
  readonly requestError: string | undefined;
  readonly onToggle: () => void;
}

export function ConnectionCard({ tunnel, busy, requestError, onToggle }: ConnectionCardProps) {
  const active = tunnel !== undefined && isTunnelActive(tunnel);
  const stateName = tunnel?.state ?? "loading";
  return (
    <section className="card connection-card" data-state={stateName} aria-labelledby="connection-title">
      <div className="connection-text">
        <h2 id="connection-title" className="card-title">
          Connection
        </h2>
        <p className="connection-state" role="status" data-testid="tunnel-state">
          {tunnel ? stateLabels[tunnel.state] : "Loading…"}
        </p>
        <p className="connection-detail">{tunnel ? describeState(tunnel) : " "}</p>
        {requestError && (
          <p className="connection-error" role="alert">
            {requestError}
          </p>
        )}
      </div>
      <button
        type="button"
        className="connect-toggle"
        role="switch"
        aria-checked={active}
        aria-label={active ? "Disconnect" : "Connect"}
        // aria-disabled rather than disabled: a disabled button drops keyboard focus mid-toggle.
        aria-disabled={busy || tunnel === undefined}
        onClick={() => {
          if (!busy && tunnel !== undefined) onToggle();
        }}
      >
        <span className="connect-toggle-knob" />
      </button>
    </section>
  );
}
