import { describe, expect, it } from "vitest";
import { HistoryRing } from "./history-ring";

describe("history ring", () => {
  it("keeps the newest entries up to its capacity, oldest first", () => {
    const ring = new HistoryRing<{ atMs: number }>(3, 1_000_000);
    for (let atMs = 1; atMs <= 5; atMs++) ring.push({ atMs });
    expect(ring.toArray().map((e) => e.atMs)).toEqual([3, 4, 5]);
    expect(ring.size).toBe(3);
  });

  it("drops entries older than its window behind the newest", () => {
    const ring = new HistoryRing<{ atMs: number }>(100, 300_000);
    ring.push({ atMs: 0 });
    ring.push({ atMs: 100_000 });
    ring.push({ atMs: 300_000 });
    expect(ring.toArray().map((e) => e.atMs)).toEqual([0, 100_000, 300_000]);
    ring.push({ atMs: 300_001 });
    expect(ring.toArray().map((e) => e.atMs)).toEqual([100_000, 300_000, 300_001]);
  });
});
