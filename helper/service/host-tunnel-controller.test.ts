// The host controller over a fake tunnel (opening a real one needs root and a TUN): what it asks each tunnel for,
// and the settings it reports and keeps across connects.
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import type { SchedulerMode } from "../engine/path-types";
import type { ClientTunnelSpec } from "../runtime/client-tunnel";
import { DEFAULT_PROBE_RATE_HZ, HostTunnelController, type TunnelHandle } from "./host-tunnel-controller";
import { ProfileStore } from "./profile-store";

const key = Buffer.alloc(32, 7).toString("base64");
const profileText = (braid: string) =>
  `[Interface]\nPrivateKey = ${key}\nAddress = 10.8.0.2/32\n\n[Peer]\nPublicKey = ${key}\nEndpoint = 192.0.2.1:51820\nAllowedIPs = 0.0.0.0/0\n\n[Braid]\n${braid}`;

class FakeTunnel implements TunnelHandle {
  readonly probeRatesHz: number[] = [];
  modes: SchedulerMode[] = [];
  closed = false;
  constructor(readonly spec: ClientTunnelSpec) {}
  setMode(mode: SchedulerMode) {
    this.modes.push(mode);
  }
  setPriority() {
    return true;
  }
  setDataCap() {
    return true;
  }
  setProbeRate(hz: number) {
    this.probeRatesHz.push(hz);
  }
  snapshot() {
    return [];
  }
  async close() {
    this.closed = true;
  }
}

function controllerWithFakeTunnels() {
  const store = new ProfileStore(path.join(mkdtempSync(path.join(tmpdir(), "braid-host-")), "profiles"));
  const tunnels: FakeTunnel[] = [];
  const controller = new HostTunnelController({
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
});
