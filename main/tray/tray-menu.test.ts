// The tray from the tunnel's state: the icon per state, the quick-connect toggle, profile and mode switchers.
import { describe, expect, it } from "vitest";
import type { ProfileSummary } from "../../helper/control/control-schema";
import type { TunnelState } from "../../helper/control/tunnel-state";
import { electronMenuTemplate } from "./tray-electron-template";
import { type TrayAction, type TrayMenuItem, trayMenu } from "./tray-menu";

const home: ProfileSummary = { name: "home", endpoint: "192.0.2.1:51820", mode: "bond", killSwitch: false };
const work: ProfileSummary = {
  name: "work",
  endpoint: "192.0.2.2:51820",
  mode: "redundant",
  killSwitch: true,
};
const connected: TunnelState = { state: "connected", profileName: "work", sinceMs: 0, pathsUp: 3 };

function menu(state: TunnelState, over: Partial<Parameters<typeof trayMenu>[0]> = {}) {
  return trayMenu({
    state,
    profiles: [home, work],
    lastProfile: "work",
    mode: "bond",
    helperUnavailable: false,
    ...over,
  });
}

function labelled(items: readonly TrayMenuItem[], label: string): TrayMenuItem {
  const found = items.find((i) => "label" in i && i.label === label);
  if (!found) throw new Error(`no item "${label}" in ${items.map((i) => ("label" in i ? i.label : "-"))}`);
  return found;
}

function submenu(items: readonly TrayMenuItem[], label: string): readonly TrayMenuItem[] {
  const item = labelled(items, label);
  if (item.type !== "submenu") throw new Error(`"${label}" is not a submenu`);
  return item.items;
}

describe("tray menu", () => {
  it("shows one icon per state: disconnected, connecting, connected, degraded", () => {
    const states: TunnelState[] = [
      { state: "disconnected" },
      { state: "error", message: "m", nextStep: "n" },
      { state: "connecting", profileName: "work", sinceMs: 0 },
      { state: "reconnecting", profileName: "work", sinceMs: 0, attempt: 2 },
      connected,
      { state: "degraded", profileName: "work", sinceMs: 0, pathsUp: 2, pathsDown: 1 },
    ];
    expect(states.map((s) => menu(s).icon)).toEqual([
      "disconnected",
      "disconnected",
      "connecting",
      "connecting",
      "connected",
      "degraded",
    ]);
    expect(menu(states[5]!).tooltip).toBe("Braid: Degraded, work: 2 up, 1 down");
  });

  it("quick-connect uses the last profile, a missing one falls back to the first, none disables it", () => {
    expect(menu({ state: "disconnected" }).items[1]).toMatchObject({
      label: "Connect to work",
      enabled: true,
      action: { kind: "connect" },
    });
    expect(menu({ state: "disconnected" }, { lastProfile: "gone" }).items[1]).toMatchObject({
      label: "Connect to home",
    });
    expect(menu({ state: "disconnected" }, { profiles: [] }).items[1]).toMatchObject({
      label: "Connect (import a profile first)",
      enabled: false,
    });
    expect(menu(connected).items[1]).toMatchObject({
      label: "Disconnect from work",
      action: { kind: "disconnect" },
    });
  });

  it("while the helper is away nothing can be connected or switched, and the menu says why", () => {
    const down = menu(
      { state: "error", message: "Braid's helper is not reachable: ...", nextStep: "" },
      { helperUnavailable: true },
    );
    expect(down.items[0]).toEqual({ type: "status", label: "Helper not running" });
    expect(down.items[1]).toMatchObject({ label: "Connect (the helper is not running)", enabled: false });
    expect(submenu(down.items, "Profile").every((i) => i.type === "radio" && !i.enabled)).toBe(true);
    expect(labelled(down.items, "Quit Braid")).toMatchObject({ enabled: true });
  });

  it("ticks the profile in use and the current mode; a mode the tray does not offer ticks none", () => {
    const items = menu({ ...connected, profileName: "home" }, { mode: "failover" }).items;
    const ticked = (list: readonly TrayMenuItem[]) =>
      list.filter((i) => i.type === "radio" && i.checked).map((i) => ("label" in i ? i.label : ""));
    expect(ticked(submenu(items, "Profile"))).toEqual(["home"]);
    expect(ticked(submenu(items, "Mode"))).toEqual(["Failover only"]);
    expect(submenu(items, "Mode")).toHaveLength(6);
    expect(ticked(submenu(menu(connected, { mode: "loss-aware" }).items, "Mode"))).toEqual([]);
  });

  it("Electron's template carries the clicks back as the model's actions", () => {
    const clicked: TrayAction[] = [];
    const template = electronMenuTemplate(menu(connected).items, (a) => clicked.push(a));
    const profileMenu = template.find((t) => t.label === "Profile")?.submenu;
    if (!Array.isArray(profileMenu)) throw new Error("Profile has no submenu template");
    const click = (item: (typeof template)[number] | undefined) =>
      (item?.click as (() => void) | undefined)?.();
    click(profileMenu.find((t) => t.label === "home"));
    click(template.find((t) => t.label === "Disconnect from work"));
    click(template.find((t) => t.label === "Quit Braid"));
    expect(clicked).toEqual([
      { kind: "use-profile", profileName: "home" },
      { kind: "disconnect" },
      { kind: "quit" },
    ]);
    expect(template[0]).toEqual({ label: "Connected to work: 3 paths up", enabled: false });
  });
});
