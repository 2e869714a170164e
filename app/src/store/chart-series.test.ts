import { describe, expect, it } from "vitest";
import type { PathSnapshot, PathsSample } from "../../../main/ipc/dashboard-types";
import { appendSamples, bucketMs, emptySeries } from "./chart-series";

function path(id: number, overrides: Partial<PathSnapshot> = {}): PathSnapshot {
  return {
    id,
    interface: `eth${id}`,
    kind: "ethernet",
    priority: "primary",
    state: "up",
    rttMs: 10,
    lossRatio: 0.01,
    txBitsPerSec: 1e6,
    rxBitsPerSec: 3e6,
    shareRatio: 1,
    bytesUsed: 0,
    ...overrides,
  };
}

const sample = (atMs: number, paths: PathSnapshot[]): PathsSample => ({ atMs, paths });

describe("chart series", () => {
  it("averages the samples of one bucket per path, in chart units", () => {
    const series = appendSamples(emptySeries, [
      sample(0, [path(0, { rttMs: 10 }), path(1, { rttMs: 30 })]),
      sample(100, [path(0, { rttMs: 20 }), path(1, { rttMs: 50 })]),
    ]);
    expect(series.points).toEqual([
      { atMs: 0, rttMs: [15, 40], lossPercent: [1, 1], throughputMbitPerSec: [4, 4] },
    ]);
  });

  it("starts a new point each bucket and leaves a down path's values empty", () => {
    const series = appendSamples(emptySeries, [
      sample(0, [path(0), path(1)]),
      sample(bucketMs, [path(0), path(1, { state: "down", rttMs: undefined, lossRatio: 1 })]),
    ]);
    expect(series.points.map((p) => p.rttMs)).toEqual([
      [10, 10],
      [10, null],
    ]);
  });

  it("does not change the series it was given (the one on screen)", () => {
    const before = appendSamples(emptySeries, [sample(0, [path(0, { rttMs: 10 })])]);
    const snapshot = JSON.stringify(before.points);
    appendSamples(before, [sample(100, [path(0, { rttMs: 90 })])]);
    expect(JSON.stringify(before.points)).toBe(snapshot);
  });

  it("keeps only the last five minutes", () => {
    const samples = Array.from({ length: 4_000 }, (_, i) => sample(i * 100, [path(0)]));
    const series = appendSamples(emptySeries, samples);
    const first = series.points[0]?.atMs ?? 0;
    const last = series.points.at(-1)?.atMs ?? 0;
    expect(last - first).toBeLessThanOrEqual(300_000);
    expect(series.points.length).toBeLessThanOrEqual(300_000 / bucketMs + 1);
  });
});
