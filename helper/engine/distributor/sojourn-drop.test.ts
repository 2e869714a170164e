import { describe, expect, it } from "vitest";
import { SojournDrop } from "./sojourn-drop";

const targetMs = 5;
const intervalMs = 100;

/** Dequeues every 1 ms for durationMs with the given sojourn; returns the drop times. */
function run(drop: SojournDrop, sojournAt: (nowMs: number) => number, durationMs: number): number[] {
  const drops: number[] = [];
  for (let nowMs = 0; nowMs < durationMs; nowMs++) {
    if (drop.shouldDrop(sojournAt(nowMs), targetMs, intervalMs, 30_000, nowMs)) drops.push(nowMs);
  }
  return drops;
}

describe("sojourn drop (CoDel-style)", () => {
  it("lets a burst through that drains within an interval", () => {
    const drop = new SojournDrop();
    // 30 ms of queue falling to nothing over 80 ms: a TCP window arriving at once.
    expect(run(drop, (t) => (t < 80 ? 30 - (30 * t) / 80 : 0), 300)).toEqual([]);
    expect(drop.standing).toBe(false);
  });

  it("drops from a queue that stands, ever faster, and holds it to its target until it empties", () => {
    const drop = new SojournDrop();
    const drops = run(drop, () => 20, 1_000);
    expect(drops[0]).toBe(intervalMs);
    // interval / sqrt(n): the gaps shrink.
    const gaps = drops.slice(1).map((t, i) => t - drops[i]!);
    expect(gaps[0]).toBeGreaterThan(gaps[gaps.length - 1]!);
    expect(drop.standing).toBe(true);
    drop.onQueueEmpty();
    expect(drop.standing).toBe(false);
  });

  it("never drops a queue of about one packet, whatever its age", () => {
    const drop = new SojournDrop();
    let dropped = 0;
    for (let nowMs = 0; nowMs < 1_000; nowMs++)
      if (drop.shouldDrop(50, targetMs, intervalMs, 1_400, nowMs)) dropped++;
    expect(dropped).toBe(0);
  });
});
