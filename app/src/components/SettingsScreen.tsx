// The Settings screen: kill switch and probe rate (the helper's), start at login and theme (the app's).
import { useEffect } from "react";
import type { BraidApi } from "../../../main/ipc/ipc-schema";
import { probeRatesHz, type Theme, themes } from "../../../main/ipc/settings-types";
import { describeProbeCost } from "../format/probe-cost";
import { useSettingsStore } from "../store/settings-store";
import { useTunnelStore } from "../store/tunnel-store";

const themeLabels: Record<Theme, string> = { system: "System", dark: "Dark", light: "Light" };

function Switch(props: {
  readonly id: string;
  readonly label: string;
  readonly sentence: string;
  readonly checked: boolean | undefined;
  readonly busy: boolean;
  readonly onChange: (checked: boolean) => void;
}) {
  const unknown = props.checked === undefined;
  return (
    <div className="setting-row">
      <div className="setting-text">
        <span id={`${props.id}-label`} className="setting-label">
          {props.label}
        </span>
        <p id={`${props.id}-sentence`} className="setting-sentence">
          {props.sentence}
        </p>
      </div>
      <button
        type="button"
        role="switch"
        className="setting-switch"
        aria-checked={props.checked ?? false}
        aria-labelledby={`${props.id}-label`}
        aria-describedby={`${props.id}-sentence`}
        // aria-disabled rather than disabled: keyboard focus stays on it while the change is made.
        aria-disabled={props.busy || unknown}
        data-testid={`${props.id}-switch`}
        onClick={() => {
          if (!props.busy && !unknown) props.onChange(!props.checked);
        }}
      >
        <span className="setting-switch-knob" />
      </button>
    </div>
  );
}

export function SettingsScreen({ api }: { readonly api: BraidApi }) {
  const { settings, busy, error, change, load } = useSettingsStore();
  // A connect can change what applies (a profile's KillSwitch key), and a helper that comes back can answer now.
  const tunnelState = useTunnelStore((s) => s.tunnel?.state);
  useEffect(() => {
    if (tunnelState !== undefined) void load(api);
  }, [api, load, tunnelState]);
  const tunnel = settings?.tunnel;
  const helper = tunnel?.available ? tunnel : undefined;
  const probeRateHz = helper?.probeRateHz ?? 10;
  return (
    <section
      className="card settings-card"
      aria-labelledby="settings-title"
      aria-busy={settings === undefined}
    >
      <h2 id="settings-title" className="card-title">
        Settings
      </h2>
      <p className="settings-error" role="alert">
        {error ??
          (tunnel && !tunnel.available ? `Kill switch and probe rate need the helper: ${tunnel.reason}` : "")}
      </p>
      <Switch
        id="kill-switch"
        label="Kill switch"
        sentence="While Braid is connecting, reconnecting or in error, it blocks all traffic outside the tunnel (except its own to the server), so nothing leaks out unencrypted."
        checked={helper?.killSwitch}
        busy={busy === "killSwitch"}
        onChange={(enabled) => void change(api, { kind: "killSwitch", enabled })}
      />
      <Switch
        id="start-at-login"
        label="Start at login"
        sentence="Opens Braid in the tray when you log in, ready for quick-connect."
        checked={settings?.startAtLogin}
        busy={busy === "startAtLogin"}
        onChange={(enabled) => void change(api, { kind: "startAtLogin", enabled })}
      />
      <div className="setting-row">
        <div className="setting-text">
          <label htmlFor="probe-rate" className="setting-label">
            Probe rate
          </label>
          <p id="probe-rate-cost" className="setting-sentence" data-testid="probe-rate-cost">
            Probes per second on each path: {describeProbeCost(probeRateHz)}.
          </p>
        </div>
        <select
          id="probe-rate"
          className="setting-select"
          value={probeRateHz}
          aria-describedby="probe-rate-cost"
          disabled={helper === undefined}
          onChange={(event) => void change(api, { kind: "probeRate", hz: Number(event.currentTarget.value) })}
        >
          {probeRatesHz.map((hz) => (
            <option key={hz} value={hz}>
              {hz} Hz
            </option>
          ))}
        </select>
      </div>
      <fieldset className="theme-choice">
        <legend className="visually-hidden">Theme</legend>
        <div className="setting-row">
          <div className="setting-text" aria-hidden="true">
            <span className="setting-label">Theme</span>
            <p className="setting-sentence">System follows your computer's light or dark setting.</p>
          </div>
          <div className="theme-options">
            {themes.map((theme) => (
              <label key={theme} className="theme-option" data-checked={settings?.theme === theme}>
                <input
                  type="radio"
                  name="braid-theme"
                  value={theme}
                  checked={settings?.theme === theme}
                  onChange={() => void change(api, { kind: "theme", theme })}
                />
                {themeLabels[theme]}
              </label>
            ))}
          </div>
        </div>
      </fieldset>
    </section>
  );
}
