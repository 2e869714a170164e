// The tray's picture and menu as plain data, from the tunnel's state, the profiles and the mode: main.ts draws it with Electron.
import type { ProfileSummary } from "../../helper/control/control-schema";
import type { TunnelState } from "../../helper/control/tunnel-state";
import type { SchedulerMode } from "../../helper/engine/path-types";
import { type AppMode, appModes } from "../ipc/dashboard-types";

/** One picture per state, drawn by assets/render-icons.mjs as assets/tray-<name>.png. */
export type TrayIconName = "disconnected" | "connecting" | "connected" | "degraded";

export type TrayAction =
  | { readonly kind: "connect" }
  | { readonly kind: "disconnect" }
  | { readonly kind: "use-profile"; readonly profileName: string }
  | { readonly kind: "set-mode"; readonly mode: AppMode }
  | { readonly kind: "open-window" }
  | { readonly kind: "quit" };

export type TrayMenuItem =
  /** A line that says how things are; not clickable. */
  | { readonly type: "status"; readonly label: string }
  | {
      readonly type: "action";
      readonly label: string;
      readonly enabled: boolean;
      readonly action: TrayAction;
    }
  | {
      readonly type: "radio";
      readonly label: string;
      readonly checked: boolean;
      readonly enabled: boolean;
      readonly action: TrayAction;
    }
  | {
      readonly type: "submenu";
      readonly label: string;
      readonly enabled: boolean;
      readonly items: readonly TrayMenuItem[];
    }
  | { readonly type: "separator" };

export interface TrayMenuInput {
  readonly state: TunnelState;
  readonly profiles: readonly ProfileSummary[];
  /** The profile last connected or picked; quick-connect uses it while it still exists. */
  readonly lastProfile: string | undefined;
  readonly mode: SchedulerMode;
  /** The helper cannot be reached: nothing can be connected until it is back. */
  readonly helperUnavailable: boolean;
}

export interface TrayMenuModel {
  readonly icon: TrayIconName;
  readonly tooltip: string;
  readonly items: readonly TrayMenuItem[];
}

export const modeLabels: Readonly<Record<AppMode, string>> = {
  bond: "Bond (all links at once)",
  redundant: "Redundant (every packet on every link)",
  "lowest-latency": "Lowest latency",
  failover: "Failover only",
  weighted: "Weighted",
  "round-robin": "Round-robin",
};

export function trayIconFor(state: TunnelState): TrayIconName {
  switch (state.state) {
    case "disconnected":
    case "error":
      return "disconnected";
    case "connecting":
    case "reconnecting":
      return "connecting";
    case "connected":
      return "connected";
    case "degraded":
      return "degraded";
  }
}

function paths(count: number): string {
  return `${count} ${count === 1 ? "path" : "paths"}`;
}

/** One line for the tooltip and the menu's first row. */
export function stateLine(state: TunnelState, helperUnavailable: boolean): string {
  switch (state.state) {
    case "disconnected":
      return "Disconnected";
    case "connecting":
      return `Connecting to ${state.profileName}…`;
    case "connected":
      return `Connected to ${state.profileName}: ${paths(state.pathsUp)} up`;
    case "degraded":
      return `Degraded, ${state.profileName}: ${state.pathsUp} up, ${state.pathsDown} down`;
    case "reconnecting":
      return `Reconnecting to ${state.profileName} (attempt ${state.attempt})…`;
    case "error":
      return helperUnavailable ? "Helper not running" : `Error: ${state.message}`;
  }
}

/** The profile quick-connect would use: the last one if it still exists, else the first. */
export function quickConnectProfile(
  profiles: readonly ProfileSummary[],
  lastProfile: string | undefined,
): string | undefined {
  return (profiles.find((p) => p.name === lastProfile) ?? profiles[0])?.name;
}

export function trayMenu(input: TrayMenuInput): TrayMenuModel {
  const { state, profiles, mode, helperUnavailable } = input;
  const active = state.state !== "disconnected" && state.state !== "error";
  const current = active ? state.profileName : quickConnectProfile(profiles, input.lastProfile);
  const status = stateLine(state, helperUnavailable);

  let toggle: TrayMenuItem;
  if (active) {
    toggle = {
      type: "action",
      label: `Disconnect from ${state.profileName}`,
      enabled: true,
      action: { kind: "disconnect" },
    };
  } else if (helperUnavailable) {
    toggle = {
      type: "action",
      label: "Connect (the helper is not running)",
      enabled: false,
      action: { kind: "connect" },
    };
  } else if (current === undefined) {
    toggle = {
      type: "action",
      label: "Connect (import a profile first)",
      enabled: false,
      action: { kind: "connect" },
    };
  } else {
    toggle = { type: "action", label: `Connect to ${current}`, enabled: true, action: { kind: "connect" } };
  }

  const profileItems: TrayMenuItem[] = profiles.map((p) => ({
    type: "radio",
    label: p.name,
    checked: p.name === current,
    enabled: !helperUnavailable,
    action: { kind: "use-profile", profileName: p.name },
  }));
  const modeItems: TrayMenuItem[] = appModes.map((m) => ({
    type: "radio",
    label: modeLabels[m],
    // A profile's loss-aware mode is not offered here, so then none is ticked rather than a wrong one.
    checked: m === mode,
    enabled: !helperUnavailable,
    action: { kind: "set-mode", mode: m },
  }));

  return {
    icon: trayIconFor(state),
    tooltip: `Braid: ${status}`,
    items: [
      { type: "status", label: status },
      toggle,
      { type: "separator" },
      { type: "submenu", label: "Profile", enabled: profileItems.length > 0, items: profileItems },
      { type: "submenu", label: "Mode", enabled: true, items: modeItems },
      { type: "separator" },
      { type: "action", label: "Open Braid", enabled: true, action: { kind: "open-window" } },
      { type: "action", label: "Quit Braid", enabled: true, action: { kind: "quit" } },
    ],
  };
}
