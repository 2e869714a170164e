// For tests: the helper's real control server and service on a unix socket, over a fake tunnel controller that
// stands in for TUN devices and routes (they need root); the test says what paths exist and what happened.
import { parseProfileInput } from "../../helper/config/profile-input";
import type { ProfileSummary } from "../../helper/control/control-schema";
import { ControlServer } from "../../helper/control/control-server";
import { ControlService } from "../../helper/control/control-service";
import type { TunnelController, TunnelFact } from "../../helper/control/tunnel-controller";
import type { PathState } from "../../helper/engine/path-types";
import type { PeerSnapshot } from "../../helper/engine/session/engine-api";
import { summaryOf } from "../../helper/service/profile-store";

export interface FakePath {
  name: string;
  state: PathState;
  srttMs: number;
  txBytes: number;
  rxBytes: number;
}

/** Stands in for the helper's host controller: records calls, reports facts when told, counts bytes as told. */
export class FakeController implements TunnelController {
  readonly calls: string[] = [];
  paths: FakePath[] = [];
  profiles: ProfileSummary[] = [];
  private listener: (fact: TunnelFact) => void = () => {};
  async connect(name: string) {
    this.calls.push(`connect ${name}`);
  }
  async disconnect() {
    this.calls.push("disconnect");
  }
  async setMode(mode: string) {
    this.calls.push(`mode ${mode}`);
  }
  async setPathPriority() {}
  async setDataCap() {}
  killSwitch = false;
  probeRateHz = 10;
  async setKillSwitch(enabled: boolean) {
    this.calls.push(`kill-switch ${enabled}`);
    this.killSwitch = enabled;
  }
  async setProbeRate(probeRateHz: number) {
    this.calls.push(`probe-rate ${probeRateHz}`);
    this.probeRateHz = probeRateHz;
  }
  settings() {
    return { killSwitch: this.killSwitch, probeRateHz: this.probeRateHz, profile: undefined };
  }
  async listProfiles() {
    return this.profiles;
  }
  /** The helper's own parser refuses what the real store would, in its words; a good one joins the list. */
  async importProfile(name: string, text: string): Promise<ProfileSummary> {
    const parsed = parseProfileInput(text);
    if (!parsed.ok) throw new Error(parsed.error);
    const summary = summaryOf(name, parsed.profile);
    this.profiles = [...this.profiles.filter((p) => p.name !== name), summary];
    return summary;
  }
  async removeProfile(name: string) {
    if (!this.profiles.some((p) => p.name === name)) throw new Error(`no profile named "${name}"`);
    this.profiles = this.profiles.filter((p) => p.name !== name);
  }
  snapshot(): PeerSnapshot[] {
    return [
      {
        peerKey: "k",
        capability: "braid",
        mode: "bond",
        lastHandshakeAtMs: 0,
        counters: {},
        paths: this.paths.map((p, pathId) => ({
          pathId,
          name: p.name,
          state: p.state,
          priority: "primary" as const,
          srttMs: p.srttMs,
          rttVarMs: 1,
          lossRatio: 0,
          deliveryRateBitsPerSec: undefined,
          relativeOneWayDelayMs: 0,
          txBytes: p.txBytes,
          rxBytes: p.rxBytes,
          probeBytesTotal: 0,
          pathMtuBytes: 1420,
        })),
      },
    ];
  }
  onFact(listener: (fact: TunnelFact) => void) {
    this.listener = listener;
  }
  report(fact: TunnelFact) {
    this.listener(fact);
  }
}

export interface FakeHelper {
  readonly controller: FakeController;
  readonly service: ControlService;
  stop(): Promise<void>;
}

/** The helper's real control server and service on `socketPath`; only the tunnel underneath is fake. */
export async function startHelper(socketPath: string, nowMs: () => number): Promise<FakeHelper> {
  const controller = new FakeController();
  let server: ControlServer | undefined;
  const service = new ControlService(controller, (e) => server?.publish(e), "test", nowMs);
  server = new ControlServer({
    socketPath,
    handlers: service.handlers,
    authorize: () => ({ allowed: true, uid: 0 }),
  });
  await server.listen();
  const listening = server;
  return { controller, service, stop: () => listening.close() };
}

/** Polls until probe gives a value (not undefined or false), or fails naming what it waited for. */
export async function waitFor<T>(what: string, probe: () => T | undefined, timeoutMs = 3_000): Promise<T> {
  const started = Date.now();
  for (;;) {
    const value = probe();
    if (value !== undefined && value !== false) return value;
    if (Date.now() - started > timeoutMs)
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

export const home: ProfileSummary = {
  name: "home",
  endpoint: "192.0.2.1:51820",
  mode: "bond",
  killSwitch: false,
};
export const work: ProfileSummary = {
  name: "work",
  endpoint: "192.0.2.2:51820",
  mode: "redundant",
  killSwitch: true,
};
