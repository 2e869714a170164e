import { describe, expect, it } from "vitest";
import type { PathId } from "../path-types";
import { DataDistributor } from "./data-distributor";
import { type FixedPath, feedViews, runLoad } from "./fixed-path-views";

function shares(choices: Map<PathId, number>, ids: readonly PathId[]): number[] {
  const total = ids.reduce((sum, id) => sum + (choices.get(id) ?? 0), 0);
  return ids.map((id) => (choices.get(id) ?? 0) / total);
}

function chooseMany(d: DataDistributor<number>, n: number, nowMs: number): Map<PathId, number> {
  const counts = new Map<PathId, number>();
  for (let i = 0; i < n; i++) {
    for (const id of d.choose(1000, false, nowMs)) counts.set(id, (counts.get(id) ?? 0) + 1);
  }
  return counts;
}

const equalPaths: FixedPath[] = [
  { pathId: 1, rateMbps: 100, rttMs: 10 },
  { pathId: 2, rateMbps: 100, rttMs: 20 },
  { pathId: 3, rateMbps: 100, rttMs: 30 },
];

describe("schedulers on fixed metrics", () => {
  it("round-robin spreads packets evenly", () => {
    const d = new DataDistributor<number>({ mode: "round-robin" });
    const r = runLoad(d, equalPaths, { fromMs: 0, durationMs: 1_000, offeredMbps: 30 });
    const counts = [1, 2, 3].map((id) => r.choices.get(id) ?? 0);
    expect(Math.max(...counts) - Math.min(...counts)).toBeLessThanOrEqual(1);
  });

  it("weighted round-robin shares by measured rate, or by configured rate when set", () => {
    const paths: FixedPath[] = [
      { pathId: 1, rateMbps: 100, rttMs: 10 },
      { pathId: 2, rateMbps: 50, rttMs: 10 },
      { pathId: 3, rateMbps: 25, rttMs: 10 },
    ];
    const d = new DataDistributor<number>({ mode: "weighted" });
    const r = runLoad(d, paths, { fromMs: 0, durationMs: 2_000, offeredMbps: 60, measureFromMs: 1_000 });
    const s = shares(r.choices, [1, 2, 3]);
    expect(s[0]).toBeCloseTo(4 / 7, 1);
    expect(s[1]).toBeCloseTo(2 / 7, 1);
    expect(s[2]).toBeCloseTo(1 / 7, 1);
    d.setConfiguredRate(1, 10e6);
    d.setConfiguredRate(2, 10e6);
    d.setConfiguredRate(3, 20e6);
    const c = shares(chooseMany(d, 4000, 2_000), [1, 2, 3]);
    expect(c[2]).toBeCloseTo(0.5, 1);
  });

  it("loss-aware avoids a 20%-loss path and favours the cleaner of the rest", () => {
    const paths: FixedPath[] = [
      { pathId: 1, rateMbps: 100, rttMs: 10, lossRatio: 0 },
      { pathId: 2, rateMbps: 100, rttMs: 10, lossRatio: 0.03 },
      { pathId: 3, rateMbps: 100, rttMs: 10, lossRatio: 0.2 },
    ];
    const d = new DataDistributor<number>({ mode: "loss-aware" });
    feedViews(d, paths, 0);
    const s = shares(chooseMany(d, 3000, 0), [1, 2, 3]);
    expect(s[2]).toBe(0);
    expect(s[0]).toBeGreaterThan(s[1]!);
    expect(s[1]).toBeGreaterThan(0.2);
  });

  it("lowest-latency sends everything on the smallest RTT while it has room", () => {
    const d = new DataDistributor<number>({ mode: "lowest-latency" });
    const r = runLoad(d, equalPaths, { fromMs: 0, durationMs: 1_000, offeredMbps: 50 });
    expect(r.choices.get(1)).toBe(r.offeredPackets);
  });

  it("redundant puts every packet on the N best paths, skipping paths not up", () => {
    const d = new DataDistributor<number>({ mode: "redundant" });
    feedViews(d, equalPaths, 0);
    expect(d.choose(1000, false, 0)).toEqual([1, 2]);
    d.setRedundancy(3);
    expect([...d.choose(1000, false, 0)]).toEqual([1, 2, 3]);
    feedViews(d, [{ ...equalPaths[0]!, state: "degraded" }, equalPaths[1]!, equalPaths[2]!], 1);
    expect([...d.choose(1000, false, 1)]).toEqual([2, 3]);
    expect(d.counters.duplicates).toBe(1 + 2 + 1);
  });

  it("failover uses one path, switches when it goes down, and moves back only after a hold", () => {
    const d = new DataDistributor<number>({ mode: "failover", failbackHoldMs: 5_000 });
    const paths: FixedPath[] = [
      { pathId: 1, rateMbps: 100, rttMs: 20 },
      { pathId: 2, rateMbps: 100, rttMs: 10, priority: "secondary" },
    ];
    feedViews(d, paths, 0);
    expect(new Set(chooseMany(d, 100, 0).keys())).toEqual(new Set([1]));
    // Path 1 carries traffic, then goes down: everything moves to 2 at once, with an event.
    runLoad(d, paths, { fromMs: 0, durationMs: 100, offeredMbps: 10 });
    feedViews(d, [{ ...paths[0]!, state: "down" }, paths[1]!], 200);
    expect(d.choose(1000, false, 200)).toEqual([2]);
    const [event] = d.takeEvents();
    expect(event).toMatchObject({ kind: "failover", pathId: 1, toPathId: 2 });
    // Path 1 recovers: traffic stays on 2 until 1 has been up for the hold.
    feedViews(d, paths, 300);
    expect(d.choose(1000, false, 300)).toEqual([2]);
    feedViews(d, paths, 4_000);
    expect(d.choose(1000, false, 4_000)).toEqual([2]);
    feedViews(d, paths, 5_400);
    expect(d.choose(1000, false, 5_400)).toEqual([1]);
    expect(d.takeEvents()).toMatchObject([{ kind: "failover", pathId: 2, toPathId: 1 }]);
  });
});

describe("priorities, caps and fallbacks", () => {
  const tiered: FixedPath[] = [
    { pathId: 1, rateMbps: 20, rttMs: 20 },
    { pathId: 2, rateMbps: 50, rttMs: 10, priority: "secondary" },
    { pathId: 3, rateMbps: 100, rttMs: 5, priority: "backup" },
  ];

  it("uses a secondary only once the primary is saturated, never the backup while either is up", () => {
    const d = new DataDistributor<number>({ mode: "bond" });
    const light = runLoad(d, tiered, { fromMs: 0, durationMs: 2_000, offeredMbps: 10 });
    expect([...light.choices.keys()]).toEqual([1]);
    const heavy = runLoad(d, tiered, { fromMs: 2_000, durationMs: 2_000, offeredMbps: 60 });
    expect(heavy.choices.get(2) ?? 0).toBeGreaterThan(0);
    expect(heavy.choices.get(3) ?? 0).toBe(0);
  });

  it("uses the backup only when no primary or secondary is up", () => {
    const d = new DataDistributor<number>({ mode: "round-robin" });
    feedViews(d, tiered, 0);
    expect(chooseMany(d, 50, 0).has(3)).toBe(false);
    feedViews(d, [{ ...tiered[0]!, state: "down" }, { ...tiered[1]!, state: "degraded" }, tiered[2]!], 1);
    expect([...chooseMany(d, 50, 1).keys()]).toEqual([3]);
  });

  it("treats a path over its data cap as down for data, with an event", () => {
    const d = new DataDistributor<number>({ mode: "round-robin" });
    const paths: FixedPath[] = [
      { pathId: 1, rateMbps: 100, rttMs: 10 },
      { pathId: 2, rateMbps: 100, rttMs: 10 },
    ];
    feedViews(d, paths, 0);
    d.setDataCap(2, 100_000, 0, 0);
    const r = runLoad(d, paths, { fromMs: 0, durationMs: 200, offeredMbps: 20 });
    expect(d.pathStats(2, 200)?.capReached).toBe(true);
    expect(r.sentBytes.get(2)).toBeLessThan(100_000 + 1500);
    expect(d.takeEvents()).toMatchObject([{ kind: "failover", pathId: 2, toPathId: 1 }]);
    expect(chooseMany(d, 20, 200).has(2)).toBe(false);
  });

  it("moves what a failed path still had queued to the path now in use", () => {
    const d = new DataDistributor<number>({ mode: "lowest-latency" });
    const paths: FixedPath[] = [
      { pathId: 1, rateMbps: 1, rttMs: 10 },
      { pathId: 2, rateMbps: 100, rttMs: 20 },
    ];
    feedViews(d, paths, 0);
    for (let i = 0; i < 3; i++) d.enqueue(1, i, 1500, false, 0);
    const sentOn1: number[] = [];
    d.dequeueReady(0, (pathId, item) => pathId === 1 && sentOn1.push(item));
    feedViews(d, [{ ...paths[0]!, state: "down" }, paths[1]!], 1);
    const sentOn2: number[] = [];
    d.dequeueReady(1, (pathId, item) => pathId === 2 && sentOn2.push(item));
    expect([...sentOn1, ...sentOn2].sort()).toEqual([0, 1, 2]);
    expect(sentOn2.length).toBeGreaterThan(0);
    expect(d.counters.movedOffLostPath).toBe(sentOn2.length);
  });

  it("keeps using the path that answered last when every path is down", () => {
    const d = new DataDistributor<number>({ mode: "bond" });
    feedViews(
      d,
      [
        { pathId: 1, rateMbps: 10, rttMs: 10, state: "down", lastEvidenceAtMs: 100 },
        { pathId: 2, rateMbps: 10, rttMs: 10, state: "down", lastEvidenceAtMs: 900 },
      ],
      1_000,
    );
    expect(d.choose(1000, false, 1_000)).toEqual([2]);
    expect(d.counters.fallbackToLastAnswered).toBe(1);
  });

  it("drops and counts what it cannot place instead of throwing", () => {
    const d = new DataDistributor<number>();
    expect(d.choose(1000, false, 0)).toEqual([]);
    expect(d.choose(-5, false, 0)).toEqual([]);
    expect(d.enqueue(42, 1, 1000, false, 0)).toBe(false);
    expect(d.counters).toMatchObject({ dropsNoPath: 1, dropsInvalidSize: 1, dropsEnqueueRejected: 1 });
  });
});

describe("active path mask", () => {
  it("marks the paths with data queued or possibly in flight", () => {
    const d = new DataDistributor<number>({ mode: "round-robin" });
    const paths: FixedPath[] = [
      { pathId: 0, rateMbps: 100, rttMs: 10 },
      { pathId: 3, rateMbps: 100, rttMs: 10 },
      { pathId: 5, rateMbps: 100, rttMs: 10 },
    ];
    feedViews(d, paths, 0);
    expect(d.activePathMask(0)).toBe(0);
    for (const id of [0, 3]) d.enqueue(id, 1, 1000, false, 0);
    expect(d.activePathMask(0)).toBe(0b1001);
    d.dequeueReady(0, () => {});
    expect(d.activePathMask(50)).toBe(0b1001);
    expect(d.activePathMask(500)).toBe(0);
  });
});
