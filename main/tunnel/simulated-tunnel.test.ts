import { describe, expect, it } from "vitest";
import type { PathEvent, PathsSample } from "../ipc/dashboard-types";
import { createSimulatedTunnel, lossDetectionMs } from "./simulated-tunnel";

/** A hand-driven clock and timer queue: advance(ms) runs every timer that falls due, in time order. */
function simulatedTime() {
  let nowMs = 0;
  let timers: Array<{ atMs: number; fn: () => void }> = [];
  return {
    nowMs: () => nowMs,
    schedule: (fn: () => void, delayMs: number) => {
      const timer = { atMs: nowMs + delayMs, fn };
      timers.push(timer);
      return { cancel: () => (timers = timers.filter((t) => t !== timer)) };
    },
    advance(ms: number) {
      const end = nowMs + ms;
      for (;;) {
        const next = timers.filter((t) => t.atMs <= end).sort((a, b) => a.atMs - b.atMs)[0];
        if (!next) break;
        timers = timers.filter((t) => t !== next);
        nowMs = next.atMs;
        next.fn();
      }
      nowMs = end;
    },
  };
}

async function connectedTunnel(pathCount = 3) {
  const time = simulatedTime();
  const tunnel = createSimulatedTunnel({ profileName: "lab", connectDelayMs: 800, pathCount, ...time });
  const samples: PathsSample[] = [];
  const events: PathEvent[] = [];
  tunnel.onPathsSample((s) => samples.push(s));
  tunnel.onPathEvent((e) => events.push(e));
  await tunnel.connect();
  time.advance(800 + 2_000);
  return { tunnel, time, samples, events };
}

describe("simulated tunnel", () => {
  it("reports fiber, Wi-Fi and LTE at 10 Hz with moving, plausible figures", async () => {
    const { samples } = await connectedTunnel();
    expect(samples.length).toBe(21);
    const last = samples.at(-1);
    expect(last?.paths.map((p) => [p.interface, p.kind, p.state])).toEqual([
      ["eth0", "ethernet", "up"],
      ["wlan0", "wifi", "up"],
      ["wwan0", "cellular", "up"],
    ]);
    const rtts = new Set(samples.map((s) => s.paths[0]?.rttMs));
    expect(rtts.size).toBeGreaterThan(5);
    const shareSum = last?.paths.reduce((sum, p) => sum + p.shareRatio, 0) ?? 0;
    expect(shareSum).toBeCloseTo(1, 2);
    expect(last?.paths[0]?.txBitsPerSec).toBeGreaterThan(last?.paths[1]?.txBitsPerSec ?? Infinity);
  });

  it("a cut path is down within a second, its traffic moves and a failover event names both ends", async () => {
    const { tunnel, time, samples, events } = await connectedTunnel();
    const cutAtMs = time.nowMs();
    tunnel.cutPath("eth0");
    time.advance(1_000);
    const down = samples.find((s) => s.paths[0]?.state === "down");
    expect(down?.atMs).toBeLessThanOrEqual(cutAtMs + lossDetectionMs + 100);
    const failover = events.find((e) => e.kind === "failover");
    expect(failover).toMatchObject({ kind: "failover", fromInterface: "eth0", toInterface: "wlan0" });
    const after = samples.at(-1)?.paths;
    expect(after?.[0]).toMatchObject({ state: "down", txBitsPerSec: 0, shareRatio: 0 });
    expect((after?.[1]?.shareRatio ?? 0) + (after?.[2]?.shareRatio ?? 0)).toBeCloseTo(1, 2);
    expect(tunnel.getState()).toMatchObject({ state: "degraded", pathsUp: 2, pathsDown: 1 });

    tunnel.restorePath("eth0");
    time.advance(1_500);
    expect(events.at(-1)).toMatchObject({ kind: "path-up", interface: "eth0" });
    expect(tunnel.getState()).toMatchObject({ state: "connected", pathsUp: 3 });
  });

  it("says all paths are down when the last one goes", async () => {
    const { tunnel, time, events } = await connectedTunnel(2);
    tunnel.cutPath("eth0");
    tunnel.cutPath("wlan0");
    time.advance(1_000);
    expect(events.map((e) => e.kind)).toContain("all-paths-down");
  });

  it("failover mode puts everything on one path; redundant sends it on all", async () => {
    const { tunnel, time, samples } = await connectedTunnel();
    await tunnel.setMode("failover");
    time.advance(200);
    expect(samples.at(-1)?.paths.map((p) => p.shareRatio)).toEqual([1, 0, 0]);
    await tunnel.setMode("redundant");
    time.advance(200);
    // Each path carries the whole stream as far as its capacity allows (LTE's 60 Mbit/s caps it).
    for (const p of samples.at(-1)?.paths ?? []) expect(p.shareRatio).toBeGreaterThan(0.2);
  });

  it("keeps a bounded five-minute history and runs the same way every time", async () => {
    const a = await connectedTunnel(8);
    a.time.advance(6 * 60_000);
    const history = a.tunnel.getHistory();
    expect(history.samples.length).toBe(3_000);
    expect((history.samples.at(-1)?.atMs ?? 0) - (history.samples[0]?.atMs ?? 0)).toBeLessThanOrEqual(
      300_000,
    );
    const b = await connectedTunnel(8);
    b.time.advance(6 * 60_000);
    expect(b.tunnel.getHistory().samples.at(-1)).toEqual(history.samples.at(-1));
  });

  it("can start with a back-filled past in the history, sent to no listener", async () => {
    const time = simulatedTime();
    const tunnel = createSimulatedTunnel({ profileName: "lab", connectDelayMs: 800, pathCount: 3, ...time });
    const heard: PathsSample[] = [];
    tunnel.onPathsSample((s) => heard.push(s));
    tunnel.setBackfillMs(300_000);
    await tunnel.connect();
    time.advance(800);
    const { samples } = tunnel.getHistory();
    expect(samples.length).toBe(3_000);
    expect(samples.at(-1)?.atMs).toBe(800);
    expect(heard.map((s) => s.atMs)).toEqual([800]);
    expect(tunnel.getState()).toMatchObject({ state: "connected", sinceMs: 800 - 300_000 });
  });

  it("refuses an unknown path or an impossible path count, saying what exists", async () => {
    const { tunnel } = await connectedTunnel();
    expect(() => tunnel.cutPath("eth9")).toThrow(
      'no simulated path "eth9"; the paths are: eth0, wlan0, wwan0',
    );
    expect(() => tunnel.setPathCount(9)).toThrow("1..8 paths, got 9");
  });
});
