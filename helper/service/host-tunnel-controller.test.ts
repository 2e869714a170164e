// The host controller over a fake tunnel (opening a real one needs root and a TUN): what it asks each tunnel for,
// and the settings it reports and keeps across connects.
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import type { SchedulerMode } from "../engine/path-types";
import type { EngineEvent, PeerSnapshot } from "../engine/session/engine-api";
import type { ClientTunnelSpec } from "../runtime/client-tunnel";
import { DEFAULT_PROBE_RATE_HZ, HostTunnelController, type TunnelHandle } from "./host-tunnel-controller";
import type { StateStore } from "./json-state-file";
import { type DataUsageRecord, MonthlyDataUsage } from "./monthly-data-usage";
import { ProfileStore } from "./profile-store";
import type { WantedState } from "./wanted-state";

class MemoryStore<T> implements StateStore<T> {
  constructor(public value: T | undefined = undefined) {}
  load() {
    return this.value === undefined ? undefined : structuredClone(this.value);
  }
  save(value: T) {
    this.value = structuredClone(value);
  }
}

const key = Buffer.alloc(32, 7).toString("base64");
const profileText = (braid: string) =>
  `[Interface]\nPrivateKey = ${key}\nAddress = 10.8.0.2/32\n\n[Peer]\nPublicKey = ${key}\nEndpoint = 192.0.2.1:51820\nAllowedIPs = 0.0.0.0/0\n\n[Braid]\n${braid}`;

class FakeTunnel implements TunnelHandle {
  readonly probeRatesHz: number[] = [];
  modes: SchedulerMode[] = [];
  readonly caps: string[] = [];
  paths: { name: string; txBytes: number; rxBytes: number }[] = [];
  closed = false;
  constructor(readonly spec: ClientTunnelSpec) {}
  setMode(mode: SchedulerMode) {
    this.modes.push(mode);
  }
  setPriority() {
    return true;
  }
  setDataCap(dev: string, capBytes: number | undefined, usedBytes: number) {
    this.caps.push(`${dev} ${capBytes} ${usedBytes}`);
    return true;
  }
  setProbeRate(hz: number) {
    this.probeRatesHz.push(hz);
  }
  snapshot() {
    return [{ paths: this.paths } as unknown as PeerSnapshot];
  }
  async close() {
    this.closed = true;
  }
}

function controllerWithFakeTunnels(
  store = new ProfileStore(path.join(mkdtempSync(path.join(tmpdir(), "braid-host-")), "profiles")),
  keep: { wanted?: StateStore<WantedState>; usage?: MonthlyDataUsage } = {},
) {
  const tunnels: FakeTunnel[] = [];
  const controller = new HostTunnelController({
    ...keep,
    store,
    interfaceName: "braid0",
    random: { fill: (bytes: Uint8Array) => bytes.fill(4) },
    log: () => {},
    openTunnel: async (spec) => {
      const tunnel = new FakeTunnel(spec);
      tunnels.push(tunnel);
      return tunnel;
    },
  });
  return { store, tunnels, controller };
}

describe("host tunnel controller (fake tunnels: opening a real one needs root)", () => {
  it("reports the defaults before any connect, then the connected profile's keys", async () => {
    const { store, controller } = controllerWithFakeTunnels();
    expect(controller.settings()).toEqual({
      killSwitch: false,
      probeRateHz: DEFAULT_PROBE_RATE_HZ,
      profile: undefined,
    });
    store.import("home", profileText("KillSwitch = on\nProbeRateHz = 4\n"));
    await controller.connect("home");
    expect(controller.settings()).toEqual({ killSwitch: true, probeRateHz: 4, profile: "home" });
    await controller.disconnect();
    // The last connected profile is still what the settings follow.
    expect(controller.settings()).toEqual({ killSwitch: true, probeRateHz: 4, profile: "home" });
  });

  it("applies a probe rate to the running tunnel and opens later tunnels with it", async () => {
    const { store, tunnels, controller } = controllerWithFakeTunnels();
    store.import("home", profileText("ProbeRateHz = 4\n"));
    store.import("work", profileText("Mode = redundant\n"));
    await controller.connect("home");
    expect(tunnels[0]?.spec.profile.braid.probeRateHz).toBe(4);
    await controller.setProbeRate(25);
    expect(tunnels[0]?.probeRatesHz).toEqual([25]);
    await controller.connect("work");
    expect(tunnels[0]?.closed).toBe(true);
    expect(tunnels[1]?.spec.profile.braid.probeRateHz).toBe(25);
    expect(tunnels[1]?.spec.mode).toBe("redundant");
    expect(controller.settings()).toEqual({ killSwitch: false, probeRateHz: 25, profile: "work" });
  });

  it("takes a probe rate while disconnected for the next connect", async () => {
    const { store, tunnels, controller } = controllerWithFakeTunnels();
    store.import("home", profileText("KillSwitch = off\n"));
    await controller.setProbeRate(50);
    await controller.setKillSwitch(true);
    await controller.connect("home");
    expect(tunnels[0]?.spec.profile.braid.probeRateHz).toBe(50);
    expect(tunnels[0]?.spec.killSwitch.enabled).toBe(true);
    expect(controller.settings()).toEqual({ killSwitch: true, probeRateHz: 50, profile: "home" });
  });

  it("keeps what the user wants across a restart: the connected profile and every override", async () => {
    const wanted = new MemoryStore<WantedState>();
    const first = controllerWithFakeTunnels(undefined, { wanted });
    first.store.import("home", profileText("KillSwitch = off\n"));
    await first.controller.connect("home");
    await first.controller.setMode("redundant");
    await first.controller.setKillSwitch(true);
    await first.controller.setProbeRate(20);
    await first.controller.setDataCap("wwan0", 1_500);
    await first.controller.close(); // the service stopping (systemctl stop, a reboot): not a disconnect
    expect(wanted.value?.connectedProfile).toBe("home");

    const second = controllerWithFakeTunnels(first.store, { wanted });
    expect(second.controller.restoreWanted()).toBe("home");
    expect(second.controller.settings()).toEqual({ killSwitch: true, probeRateHz: 20, profile: "home" });
    await second.controller.connect("home");
    expect(second.tunnels[0]?.spec).toMatchObject({ mode: "redundant", killSwitch: { enabled: true } });
    expect(second.tunnels[0]?.spec.profile.braid.probeRateHz).toBe(20);
    expect(second.tunnels[0]?.spec.profile.braid.dataCaps).toEqual([
      { interface: "wwan0", capMbPerMonth: 1_500 },
    ]);
    await second.controller.disconnect();

    const third = controllerWithFakeTunnels(first.store, { wanted });
    expect(third.controller.restoreWanted()).toBeUndefined(); // disconnected: stays disconnected
    expect(third.controller.settings()).toEqual({ killSwitch: true, probeRateHz: 20, profile: "home" });
  });

  it("starts disconnected with nothing kept when the store has nothing usable", () => {
    const { controller } = controllerWithFakeTunnels(undefined, { wanted: new MemoryStore<WantedState>() });
    expect(controller.restoreWanted()).toBeUndefined();
    expect(controller.wantedProfile).toBeUndefined();
  });

  it("counts a data cap against the month's usage: used up at start, reached while running, fresh next month", async () => {
    let nowMs = new Date(2026, 11, 20).getTime();
    const usageStore = new MemoryStore<DataUsageRecord>({
      month: "2026-12",
      bytesByInterface: { wwan0: 3_000_000 },
    });
    const usage = new MonthlyDataUsage(usageStore, () => nowMs);
    const { store, tunnels, controller } = controllerWithFakeTunnels(undefined, { usage });
    store.import("home", profileText("DataCap = wwan0:2, wlan0:5\n"));
    await controller.connect("home");
    const tunnel = tunnels[0];
    // ClientUplinks asks this as it adds each capped uplink: wwan0 is over its 2 MB already, wlan0 is not.
    expect(tunnel?.spec.usedBytesFor?.("wwan0")).toBe(3_000_000);
    expect(tunnel?.spec.usedBytesFor?.("wlan0")).toBe(0);
    tunnel!.paths = [{ name: "wlan0", txBytes: 4_000_000, rxBytes: 500_000 }];
    controller.recordUsage();
    expect(tunnel?.caps).toEqual([]);
    tunnel!.paths = [{ name: "wlan0", txBytes: 4_500_000, rxBytes: 600_000 }];
    controller.recordUsage(); // 5.1 MB over the 5 MB cap, counting received bytes the engine does not
    expect(tunnel?.caps).toEqual(["wlan0 5000000 5100000"]);
    expect(usageStore.value?.bytesByInterface).toEqual({ wwan0: 3_000_000, wlan0: 5_100_000 });
    controller.recordUsage();
    expect(tunnel?.caps).toHaveLength(1); // no churn once used up
    nowMs = new Date(2027, 0, 1, 0, 0, 10).getTime();
    tunnel!.paths = [{ name: "wlan0", txBytes: 4_500_100, rxBytes: 600_000 }];
    controller.recordUsage();
    expect(tunnel?.caps.slice(1).sort()).toEqual(["wlan0 5000000 100", "wwan0 2000000 0"]);
    await controller.disconnect();
    expect(usageStore.value).toEqual({ month: "2027-01", bytesByInterface: { wlan0: 100 } });
  });

  it("a data cap set through the API counts what the uplink used this month and stays for reconnects", async () => {
    const usage = new MonthlyDataUsage(
      new MemoryStore<DataUsageRecord>({ month: "2026-12", bytesByInterface: { wwan0: 7_000_000 } }),
      () => new Date(2026, 11, 20).getTime(),
    );
    const { store, tunnels, controller } = controllerWithFakeTunnels(undefined, { usage });
    store.import("home", profileText("Mode = bond\n"));
    await controller.connect("home");
    await controller.setDataCap("wwan0", 5);
    expect(tunnels[0]?.caps).toEqual(["wwan0 5000000 7000000"]);
    await controller.connect("home");
    expect(tunnels[1]?.spec.profile.braid.dataCaps).toEqual([{ interface: "wwan0", capMbPerMonth: 5 }]);
  });

  it("an uplink that went away counts as a path down until it is back", async () => {
    const { store, tunnels, controller } = controllerWithFakeTunnels();
    const facts: unknown[] = [];
    controller.onFact((fact) => facts.push(fact));
    store.import("home", profileText("Mode = bond\n"));
    await controller.connect("home");
    const tunnel = tunnels[0]!;
    const pathEvent = (pathName: string, kind: "path-up" | "failover") =>
      tunnel.spec.onEngineEvent?.({
        kind: "path",
        pathName,
        path: { atMs: 0, kind, pathId: 0, detail: "test" },
      } as unknown as EngineEvent);
    const up = (name: string) => ({ name, state: "up", txBytes: 0, rxBytes: 0 });
    tunnel.paths = [up("eth0"), up("wlan0")] as typeof tunnel.paths;
    pathEvent("eth0", "path-up");
    expect(facts.at(-1)).toEqual({ kind: "up", pathsUp: 2, pathsDown: 0 });
    tunnel.paths = [up("wlan0")] as typeof tunnel.paths; // eth0's link went down: the engine path is removed
    pathEvent("eth0", "failover");
    expect(facts.at(-1)).toEqual({ kind: "up", pathsUp: 1, pathsDown: 1 });
    tunnel.paths = [up("wlan0"), up("eth0")] as typeof tunnel.paths;
    pathEvent("eth0", "path-up");
    expect(facts.at(-1)).toEqual({ kind: "up", pathsUp: 2, pathsDown: 0 });
    // A new tunnel starts from its own uplinks.
    await controller.connect("home");
    tunnels[1]!.paths = [up("wlan0")] as typeof tunnel.paths;
    tunnels[1]!.spec.onEngineEvent?.({
      kind: "path",
      pathName: "wlan0",
      path: { atMs: 0, kind: "path-up", pathId: 0, detail: "test" },
    } as unknown as EngineEvent);
    expect(facts.at(-1)).toEqual({ kind: "up", pathsUp: 1, pathsDown: 0 });
  });
});
