import { describe, expect, it } from "vitest";
import { DataDistributor } from "./data-distributor";
import { type FixedPath, feedViews, mbps, runLoad } from "./fixed-path-views";

const threePaths: FixedPath[] = [
  { pathId: 1, rateMbps: 100, rttMs: 10 },
  { pathId: 2, rateMbps: 40, rttMs: 40 },
  { pathId: 3, rateMbps: 20, rttMs: 60 },
];

describe("bond (earliest expected arrival)", () => {
  it("uses 100/40/20 Mbit/s paths at 10/40/60 ms near their rates under saturating load", () => {
    const d = new DataDistributor<number>({ mode: "bond" });
    const warmUpMs = 2_000;
    const windowMs = 3_000;
    const r = runLoad(d, threePaths, {
      fromMs: 0,
      durationMs: warmUpMs + windowMs,
      offeredMbps: 250,
      measureFromMs: warmUpMs,
    });
    const rates = threePaths.map((p) => mbps(r, p.pathId, windowMs));
    for (const [i, p] of threePaths.entries()) {
      expect(rates[i]! / p.rateMbps).toBeGreaterThan(0.9);
      expect(rates[i]! / p.rateMbps).toBeLessThan(1.1);
    }
    // The excess over 160 Mbit/s is dropped, not queued.
    expect(r.droppedPackets).toBeGreaterThan(0);
    expect(d.counters.dropsQueueFull).toBe(r.droppedPackets);
    console.log(
      `bond 100/40/20 under 250 Mbit/s offered: ${rates.map((x) => x.toFixed(1)).join(" / ")} Mbit/s`,
    );
  });

  it("keeps a light load entirely on the fastest path", () => {
    const d = new DataDistributor<number>({ mode: "bond" });
    const r = runLoad(d, threePaths, { fromMs: 0, durationMs: 3_000, offeredMbps: 20 });
    expect(r.choices.get(2) ?? 0).toBe(0);
    expect(r.choices.get(3) ?? 0).toBe(0);
    expect(r.droppedPackets).toBe(0);
  });

  it("never sends on a 300 ms path beside a 30 ms one while the fast path's queue is short", () => {
    const paths: FixedPath[] = [
      { pathId: 1, rateMbps: 50, rttMs: 30 },
      { pathId: 2, rateMbps: 20, rttMs: 300 },
    ];
    const extraOneWayMs = (300 - 30) / 2;
    const d = new DataDistributor<number>({ mode: "bond" });
    let slowPicks = 0;
    const onChoice = (chosen: readonly number[], nowMs: number) => {
      if (chosen[0] !== 2) return;
      slowPicks++;
      // The fast path's queue would have held this packet longer than the slow path's extra delay.
      const fast = d.pathStats(1, nowMs)!;
      const fastQueueMs = ((fast.queuedBytes + 1500) * 8) / (fast.pacingRateBitsPerSec / 1000);
      expect(fastQueueMs).toBeGreaterThan(extraOneWayMs);
    };
    // Below the fast path's capacity: the slow path gets nothing at all.
    const light = runLoad(d, paths, { fromMs: 0, durationMs: 3_000, offeredMbps: 40, onChoice });
    expect(light.choices.get(2) ?? 0).toBe(0);
    // Saturating: the slow path adds its capacity, but only behind a fast-path queue that long.
    const heavy = runLoad(d, paths, {
      fromMs: 3_000,
      durationMs: 4_000,
      offeredMbps: 100,
      onChoice,
      measureFromMs: 5_000,
    });
    expect(slowPicks).toBeGreaterThan(0);
    expect(mbps(heavy, 1, 2_000)).toBeGreaterThan(45);
    expect(mbps(heavy, 2, 2_000)).toBeGreaterThan(15);
  });

  it("steers latency-sensitive packets to the lowest-RTT path even when bulk fills every path", () => {
    const d = new DataDistributor<number>({ mode: "bond" });
    runLoad(d, threePaths, { fromMs: 0, durationMs: 1_000, offeredMbps: 250 });
    feedViews(d, threePaths, 1_000);
    for (let i = 0; i < 20; i++) expect(d.choose(80, true, 1_000)).toEqual([1]);
    expect(d.counters.latencySteered).toBe(20);
  });
});
