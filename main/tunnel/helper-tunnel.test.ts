// The helper tunnel against the helper's own control server and service on a real unix socket in a temp dir
// (a fake tunnel controller stands in for TUN and routes, which need root): states, samples, a helper restart.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import type { TunnelState } from "../../helper/control/tunnel-state";
import type { PathEvent, PathsSample } from "../ipc/dashboard-types";
import { home, startHelper, waitFor, work } from "./fake-helper";
import { createHelperTunnel, type HelperTunnel, isHelperUnavailable } from "./helper-tunnel";
import { memoryLastProfileStore } from "./last-profile-store";
import { simulatedProfileText } from "./simulated-profiles";

describe("helper tunnel over the control socket", () => {
  const cleanups: (() => unknown)[] = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  /** A clock the test moves, so sample rates are exact. */
  let clockMs = 1_000_000;
  const nowMs = () => clockMs;

  function setup(): { socketPath: string; tunnel: () => HelperTunnel; states: TunnelState[] } {
    const dir = mkdtempSync(path.join(tmpdir(), "braid-helper-tunnel-"));
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
    const socketPath = path.join(dir, "braid.sock");
    const states: TunnelState[] = [];
    let made: HelperTunnel | undefined;
    return {
      socketPath,
      states,
      tunnel: () => {
        if (made) return made;
        made = createHelperTunnel({
          socketPath,
          lastProfile: memoryLastProfileStore("work"),
          nowMs,
          retryDelaysMs: [20, 40, 80],
          heartbeatMs: 50,
          callTimeoutMs: 300,
          heartbeatTimeoutMs: 300,
        });
        made.onStateChanged((s) => states.push(s));
        const closing = made;
        cleanups.push(() => closing.close());
        return made;
      },
    };
  }

  it("says the helper is unavailable until one listens, then follows its states with the last profile", async () => {
    const { socketPath, tunnel, states } = setup();
    const t = tunnel();
    expect(isHelperUnavailable(t.getState())).toBe(true);
    expect(await t.connect()).toMatchObject({ state: "error" });

    const helper = await startHelper(socketPath, nowMs);
    cleanups.push(() => helper.stop());
    await waitFor("the disconnected state", () => t.getState().state === "disconnected");

    expect(await t.connect()).toMatchObject({ state: "error", message: expect.stringMatching(/No profile/) });

    helper.controller.profiles = [home, work];
    await t.connect();
    expect(helper.controller.calls).toEqual(["connect work"]);
    await waitFor("connecting", () => t.getState().state === "connecting");
    expect(t.getMode()).toBe("redundant");

    helper.controller.report({ kind: "up", pathsUp: 2, pathsDown: 0 });
    await waitFor("connected", () => t.getState().state === "connected");
    expect(t.getState()).toMatchObject({ state: "connected", profileName: "work", pathsUp: 2 });
    helper.controller.report({ kind: "up", pathsUp: 1, pathsDown: 1 });
    await waitFor("degraded", () => t.getState().state === "degraded");
    expect(t.getState()).toMatchObject({ pathsUp: 1, pathsDown: 1 });

    await t.disconnect();
    await waitFor("disconnected", () => t.getState().state === "disconnected");
    const names = states.map((s) => (isHelperUnavailable(s) ? "unavailable" : s.state));
    expect(names.filter((n, i) => n !== names[i - 1])).toEqual([
      "unavailable",
      "disconnected",
      "error",
      "connecting",
      "connected",
      "degraded",
      "disconnected",
    ]);
  });

  it("turns path metrics into samples with stable ids and kinds, and path changes into events", async () => {
    const { socketPath, tunnel } = setup();
    const helper = await startHelper(socketPath, nowMs);
    cleanups.push(() => helper.stop());
    helper.controller.profiles = [home];
    const t = tunnel();
    const samples: PathsSample[] = [];
    const events: PathEvent[] = [];
    t.onPathsSample((s) => samples.push(s));
    t.onPathEvent((e) => events.push(e));
    await waitFor("the helper", () => t.getState().state === "disconnected");
    await t.connect();
    helper.controller.report({ kind: "up", pathsUp: 2, pathsDown: 0 });

    helper.controller.paths = [
      { name: "eth0", state: "up", srttMs: 9, txBytes: 0, rxBytes: 0 },
      { name: "wlan0", state: "up", srttMs: 24, txBytes: 0, rxBytes: 0 },
    ];
    helper.service.sampleOnce(); // baseline: rates need two points
    clockMs += 100;
    helper.controller.paths[0]!.txBytes = 75_000; // 6 Mbit/s over 100 ms
    helper.controller.paths[1]!.txBytes = 25_000;
    helper.controller.paths[1]!.rxBytes = 50_000;
    helper.service.sampleOnce();
    const first = await waitFor("a sample", () => samples.at(-1));
    expect(first.atMs).toBe(clockMs);
    expect(first.paths).toEqual([
      expect.objectContaining({ id: 0, interface: "eth0", kind: "ethernet", state: "up", rttMs: 9 }),
      expect.objectContaining({
        id: 1,
        interface: "wlan0",
        kind: "wifi",
        rttMs: 24,
        rxBitsPerSec: 4_000_000,
      }),
    ]);
    expect(first.paths[0]).toMatchObject({ txBitsPerSec: 6_000_000, shareRatio: 0.75, priority: "primary" });
    expect(events.map((e) => e.kind)).toEqual(["path-up", "path-up"]);

    clockMs += 100;
    helper.controller.paths[1]!.state = "down";
    helper.service.sampleOnce();
    helper.controller.report({
      kind: "failover",
      fromInterface: "wlan0",
      toInterface: "eth0",
      detail: "moved",
    });
    await waitFor("the failover", () => events.find((e) => e.kind === "failover"));
    expect(samples.at(-1)?.paths[1]).toMatchObject({ id: 1, state: "down", rttMs: undefined });
    expect(events.map((e) => e.kind)).toEqual(["path-up", "path-up", "path-down", "failover"]);
    expect(events[3]).toMatchObject({ fromInterface: "wlan0", toInterface: "eth0", atMs: clockMs });

    // A window opened now draws the same past; a second app instance gets it from the helper's history.
    expect(t.getHistory().samples).toEqual(samples);
    expect(t.getHistory().events).toEqual(events);
    const late = createHelperTunnel({ socketPath, lastProfile: memoryLastProfileStore(), nowMs });
    cleanups.push(() => late.close());
    await waitFor("the late client's history", () => late.getHistory().events.length === 4 || undefined);
    expect(late.getHistory().samples.map((s) => s.paths.map((p) => [p.id, p.state]))).toEqual(
      samples.map((s) => s.paths.map((p) => [p.id, p.state])),
    );
    expect(late.getState()).toMatchObject({ state: "connected", profileName: "home" });

    await t.disconnect();
    await waitFor("the empty sample", () => samples.at(-1)?.paths.length === 0 || undefined);
  });

  it("survives a helper restart mid-session: unavailable meanwhile, paths cleared, then back with the same profile", async () => {
    const { socketPath, tunnel } = setup();
    const first = await startHelper(socketPath, nowMs);
    first.controller.profiles = [home, work];
    const t = tunnel();
    const samples: PathsSample[] = [];
    t.onPathsSample((s) => samples.push(s));
    await waitFor("the helper", () => t.getState().state === "disconnected");
    await t.connect();
    first.controller.report({ kind: "up", pathsUp: 1, pathsDown: 0 });
    first.controller.paths = [{ name: "eth0", state: "up", srttMs: 9, txBytes: 0, rxBytes: 0 }];
    first.service.sampleOnce();
    clockMs += 100;
    first.service.sampleOnce();
    await waitFor("connected with a path", () => t.getState().state === "connected" && samples.length > 0);

    await first.stop();
    const lostAt = Date.now();
    await waitFor("helper unavailable", () => isHelperUnavailable(t.getState()));
    // heartbeat 50 ms + call timeout 300 ms: noticed well within a second.
    expect(Date.now() - lostAt).toBeLessThan(1_000);
    expect(samples.at(-1)?.paths).toEqual([]);
    expect(await t.connect()).toSatisfy(isHelperUnavailable);

    clockMs += 5_000;
    const second = await startHelper(socketPath, nowMs);
    cleanups.push(() => second.stop());
    second.controller.profiles = [home, work];
    await waitFor("the restarted helper", () => t.getState().state === "disconnected");
    await t.connect();
    expect(second.controller.calls).toEqual(["connect work"]);
    second.controller.report({ kind: "up", pathsUp: 1, pathsDown: 0 });
    await waitFor("connected again", () => t.getState().state === "connected");
    // What was seen before the restart stays in the history, once.
    const pathSamples = t.getHistory().samples.filter((s) => s.paths.length > 0);
    expect(pathSamples).toHaveLength(1);
  });

  it("switching profile while connected closes the tunnel and opens the new one", async () => {
    const { socketPath, tunnel } = setup();
    const helper = await startHelper(socketPath, nowMs);
    cleanups.push(() => helper.stop());
    helper.controller.profiles = [home, work];
    const t = tunnel();
    await waitFor("the helper", () => t.getState().state === "disconnected");
    await t.connect();
    helper.controller.report({ kind: "up", pathsUp: 1, pathsDown: 0 });
    await waitFor("connected", () => t.getState().state === "connected");
    await t.useProfile("home");
    expect(helper.controller.calls).toEqual(["connect work", "disconnect", "connect home"]);
    expect(t.lastProfile()).toBe("home");
    expect(t.getMode()).toBe("bond");
  });

  it("a mode picked while disconnected is sent once the tunnel is up", async () => {
    const { socketPath, tunnel } = setup();
    const helper = await startHelper(socketPath, nowMs);
    cleanups.push(() => helper.stop());
    helper.controller.profiles = [home];
    const t = tunnel();
    await waitFor("the helper", () => t.getState().state === "disconnected");
    expect(await t.setMode("failover")).toBe("failover");
    expect(helper.controller.calls).toEqual([]);
    await t.connect();
    expect(helper.controller.calls).toEqual(["connect home", "mode failover"]);
    expect(t.getMode()).toBe("failover");
  });

  it("imports and removes profiles through the helper; a refused one carries the parser's line", async () => {
    const { socketPath, tunnel } = setup();
    const helper = await startHelper(socketPath, nowMs);
    cleanups.push(() => helper.stop());
    const t = tunnel();
    await waitFor("the disconnected state", () => t.getState().state === "disconnected");
    const text = simulatedProfileText;
    expect(await t.importProfile("home", text)).toMatchObject({ ok: true, profile: { name: "home" } });
    expect(await t.importProfile("bad", text.replace("[Peer]", "[Braid]\nMode = redundnt\n[Peer]"))).toEqual({
      ok: false,
      problem: { message: expect.stringMatching(/^profile line 7: Mode: "redundnt" is not a mode/), line: 7 },
    });
    await t.importProfile("work", text);
    // The remembered profile ("work") is quick-connect's while it exists; then the first one is.
    expect(await t.getProfileList()).toMatchObject({ quickConnect: "work" });
    await t.setQuickConnect("home");
    expect((await t.getProfileList()).quickConnect).toBe("home");
    await expect(t.setQuickConnect("nope")).rejects.toThrow('no profile named "nope"');
    await t.removeProfile("home");
    expect(await t.getProfileList()).toMatchObject({ profiles: [{ name: "work" }], quickConnect: "work" });
    await expect(t.removeProfile("home")).rejects.toThrow('removeProfile: no profile named "home"');
  });

  it("reads and sets the helper's kill switch and probe rate", async () => {
    const { socketPath, tunnel } = setup();
    const helper = await startHelper(socketPath, nowMs);
    cleanups.push(() => helper.stop());
    const t = tunnel();
    await waitFor("the disconnected state", () => t.getState().state === "disconnected");
    expect(await t.getTunnelSettings()).toEqual({ killSwitch: false, probeRateHz: 10 });
    expect(await t.setKillSwitch(true)).toEqual({ killSwitch: true, probeRateHz: 10 });
    expect(await t.setProbeRate(2)).toEqual({ killSwitch: true, probeRateHz: 2 });
    expect(helper.controller.calls).toEqual(["kill-switch true", "probe-rate 2"]);
    await expect(t.setProbeRate(51)).rejects.toThrow("setProbeRate: params.hz: must be an integer in 1..50");
    await helper.stop();
    await waitFor("unavailable", () => isHelperUnavailable(t.getState()));
    await expect(t.getTunnelSettings()).rejects.toThrow("Braid's helper is not reachable");
  });
});
