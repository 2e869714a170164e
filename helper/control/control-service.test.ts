// The control service over a real socket against a fake tunnel controller (no root, no TUN): states, events, history.
import { mkdtempSync, rmSync } from "node:fs";
import { connect } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { PeerSnapshot } from "../engine/session/engine-api";
import { ControlServer } from "./control-server";
import { ControlService } from "./control-service";
import type { TunnelController, TunnelFact } from "./tunnel-controller";

class FakeTunnelController implements TunnelController {
  listener: (fact: TunnelFact) => void = () => {};
  txBytes = 0;
  calls: string[] = [];
  async connect(name: string) {
    if (name === "broken") throw new Error('profile "broken": no Endpoint');
    this.calls.push(`connect ${name}`);
  }
  async disconnect() {
    this.calls.push("disconnect");
  }
  async setMode(mode: string) {
    this.calls.push(`mode ${mode}`);
  }
  async setPathPriority(i: string, p: string) {
    this.calls.push(`priority ${i} ${p}`);
  }
  async setDataCap(i: string, c: number | undefined) {
    this.calls.push(`cap ${i} ${c}`);
  }
  async setKillSwitch(e: boolean) {
    this.calls.push(`kill ${e}`);
  }
  probeRateHz = 10;
  async setProbeRate(hz: number) {
    this.calls.push(`probe ${hz}`);
    this.probeRateHz = hz;
  }
  settings() {
    return { killSwitch: false, probeRateHz: this.probeRateHz, profile: "home" };
  }
  async listProfiles() {
    return [];
  }
  async importProfile(name: string) {
    return { name, endpoint: "192.0.2.1:51820", mode: "bond" as const, killSwitch: false };
  }
  async removeProfile(name: string) {
    this.calls.push(`remove ${name}`);
  }
  snapshot(): PeerSnapshot[] {
    const path = { pathId: 0, name: "eth0", state: "up" as const, priority: "primary" as const, srttMs: 9 };
    const rest = { rttVarMs: 1, lossRatio: 0, deliveryRateBitsPerSec: undefined, relativeOneWayDelayMs: 0 };
    const bytes = { txBytes: this.txBytes, rxBytes: 0, probeBytesTotal: 0, pathMtuBytes: 1420 };
    return [
      {
        peerKey: "k",
        capability: "braid",
        mode: "bond",
        lastHandshakeAtMs: 0,
        counters: {},
        paths: [{ ...path, ...rest, ...bytes }],
      },
    ];
  }
  onFact(listener: (fact: TunnelFact) => void) {
    this.listener = listener;
  }
}

function lines(path: string, send: string[], count: number): Promise<Array<Record<string, unknown>>> {
  return new Promise((resolve) => {
    const s = connect(path);
    const out: Array<Record<string, unknown>> = [];
    let buf = "";
    s.on("data", (d) => {
      buf += d;
      for (let nl = buf.indexOf("\n"); nl !== -1; nl = buf.indexOf("\n")) {
        out.push(JSON.parse(buf.slice(0, nl)));
        buf = buf.slice(nl + 1);
      }
      if (out.length >= count) {
        s.destroy();
        resolve(out);
      }
    });
    for (const [i, m] of send.entries())
      s.write(`${JSON.stringify({ jsonrpc: "2.0", id: i, ...JSON.parse(m) })}\n`);
  });
}

describe("control service with a fake tunnel controller", () => {
  it("drives states from facts, streams every event kind, and gives late subscribers the history", async () => {
    const dir = mkdtempSync(join(tmpdir(), "braid-svc-"));
    const socketPath = join(dir, "braid.sock");
    const fake = new FakeTunnelController();
    let nowMs = 1000;
    let server: ControlServer | undefined;
    const service = new ControlService(
      fake,
      (e) => server?.publish(e),
      "0.1.0",
      () => nowMs,
    );
    server = new ControlServer({
      socketPath,
      handlers: service.handlers,
      authorize: () => ({ allowed: true, uid: 0 }),
    });
    await server.listen();
    try {
      const [connected] = await lines(socketPath, ['{"method":"connect","params":{"profile":"home"}}'], 1);
      expect(connected!.result).toMatchObject({ state: "connecting", profileName: "home" });
      fake.listener({ kind: "up", pathsUp: 2, pathsDown: 0 });
      fake.listener({ kind: "failover", fromInterface: "eth0", toInterface: "wlan0", detail: "eth0 silent" });
      fake.listener({ kind: "up", pathsUp: 1, pathsDown: 1 });
      fake.listener({ kind: "lost", detail: "no path answers" });
      service.sampleOnce();
      nowMs += 100;
      fake.txBytes = 12_500;
      service.sampleOnce();
      fake.listener({ kind: "failed", message: "server unreachable", nextStep: "check the network" });
      const [sub] = await lines(socketPath, ['{"method":"subscribe"}'], 1);
      const result = sub!.result as { state: { state: string }; history: Array<Record<string, unknown>> };
      expect(result.state.state).toBe("error");
      const kinds = result.history.map((e) =>
        e.kind === "tunnel-state" ? `state:${(e.to as { state: string }).state}` : e.kind,
      );
      expect(kinds).toEqual([
        "state:connecting",
        "state:connected",
        "failover",
        "state:degraded",
        "all-paths-down",
        "state:reconnecting",
        "path-metrics",
        "state:error",
        "alert",
      ]);
      const metrics = result.history.find((e) => e.kind === "path-metrics") as {
        paths: Array<Record<string, unknown>>;
      };
      expect(metrics.paths[0]).toMatchObject({ interface: "eth0", txBitsPerSec: 1_000_000, shareRatio: 1 });
      const replies = await lines(
        socketPath,
        [
          '{"method":"setMode","params":{"mode":"redundant"}}',
          '{"method":"connect","params":{"profile":"broken"}}',
        ],
        2,
      );
      expect(replies[0]!.result).toEqual({ mode: "redundant" });
      const [rate] = await lines(socketPath, ['{"method":"setProbeRate","params":{"hz":25}}'], 1);
      expect(rate!.result).toEqual({ probeRateHz: 25 });
      const [settings] = await lines(socketPath, ['{"method":"getSettings"}'], 1);
      expect(settings!.result).toEqual({ killSwitch: false, probeRateHz: 25, profile: "home" });
      expect(fake.calls).toContain("mode redundant");
      expect(replies.map((r) => r.result ?? r.error)).toContainEqual(
        expect.objectContaining({ state: "error", message: 'profile "broken": no Endpoint' }),
      );
      // Connecting while connected (switching profiles) passes through disconnected instead of failing.
      await lines(socketPath, ['{"method":"connect","params":{"profile":"home"}}'], 1);
      fake.listener({ kind: "up", pathsUp: 2, pathsDown: 0 });
      const [switched] = await lines(socketPath, ['{"method":"connect","params":{"profile":"work"}}'], 1);
      expect(switched!.result).toMatchObject({ state: "connecting", profileName: "work" });
    } finally {
      await server.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
