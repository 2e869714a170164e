// Picks how traffic is spread over the paths, with one sentence on what each mode does and when to use it.
import type { SchedulerMode } from "../../../helper/engine/path-types";
import { type AppMode, appModes } from "../../../main/ipc/dashboard-types";

const modeText: Record<AppMode, { readonly label: string; readonly sentence: string }> = {
  bond: {
    label: "Bond",
    sentence:
      "Spreads traffic over every link by when it will arrive: the most bandwidth; the right default.",
  },
  redundant: {
    label: "Redundant",
    sentence: "Sends every packet on every link: calls and live video survive any loss, at the cost of data.",
  },
  "lowest-latency": {
    label: "Lowest latency",
    sentence:
      "Uses the link with the shortest round trip, spilling over only when it is full: for games and remote desktops.",
  },
  failover: {
    label: "Failover only",
    sentence:
      "Uses one link at a time and switches when it fails: for a stock WireGuard server or a metered backup.",
  },
  weighted: {
    label: "Weighted",
    sentence:
      "Shares traffic by each link's bandwidth, whatever its priority: for links of very different speeds.",
  },
  "round-robin": {
    label: "Round-robin",
    sentence: "Takes turns link by link in equal shares: for links that are alike, or to compare them.",
  },
};

export interface ModeSelectorProps {
  readonly mode: SchedulerMode | undefined;
  readonly busy: boolean;
  readonly error: string | undefined;
  readonly onChange: (mode: AppMode) => void;
}

export function ModeSelector({ mode, busy, error, onChange }: ModeSelectorProps) {
  return (
    <fieldset className="card mode-selector" aria-busy={busy} data-testid="mode-selector">
      <legend className="card-title">Mode</legend>
      <div className="mode-options">
        {appModes.map((value) => (
          <label key={value} className="mode-option" data-checked={mode === value}>
            <input
              type="radio"
              name="braid-mode"
              value={value}
              checked={mode === value}
              onChange={() => onChange(value)}
            />
            <span className="mode-label">{modeText[value].label}</span>
            <span className="mode-sentence">{modeText[value].sentence}</span>
          </label>
        ))}
      </div>
      <p className="mode-error" role="alert">
        {error ??
          (mode === "loss-aware" ? "Loss-aware, set by the profile (pick another mode to change it)." : "")}
      </p>
    </fieldset>
  );
}
