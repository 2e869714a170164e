import { describe, expect, it } from "vitest";
import { LinkDirection, type LinkShape } from "./link-direction";

const shape: LinkShape = { rateBitsPerSec: 10_000_000, delayMs: 20, jitterMs: 0, lossRatio: 0, queueMs: 50 };

function seeded(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

describe("one direction of an emulated link", () => {
  it("delivers a lone packet after its serialization time plus the one-way delay", () => {
    const link = new LinkDirection<number>(shape, seeded(1));
    const result = link.offer(1, 1250, 100);
    // 1250 bytes at 10 Mbit/s take 1 ms on the wire.
    expect(result).toEqual({ kind: "queued", deliverAtMs: 121 });
    const out: number[] = [];
    link.release(120.9, (p) => out.push(p));
    expect(out).toEqual([]);
    link.release(121, (p) => out.push(p));
    expect(out).toEqual([1]);
  });

  it("carries no more than its rate, and tail-drops once the queue holds queue_ms of traffic", () => {
    const link = new LinkDirection<number>(shape, seeded(1));
    // Offer 20 Mbit/s for one second: twice the rate.
    let delivered = 0;
    for (let i = 0; i < 2000; i += 1) {
      link.offer(i, 1250, i * 0.5);
      link.release(i * 0.5, () => delivered++);
    }
    link.release(10_000, () => delivered++);
    const carriedMbit = (link.counters.deliveredBytes * 8) / 1e6;
    expect(carriedMbit).toBeGreaterThan(9.9);
    expect(carriedMbit).toBeLessThan(10.7); // one second at 10 Mbit/s plus the 50 ms queue draining
    expect(link.counters.dropped.queue).toBeGreaterThan(900);
    const meanSojournMs = link.counters.sojournMsSum / link.counters.deliveredPackets;
    expect(meanSojournMs).toBeLessThan(20 + 51 + 1);
  });

  it("loses about loss_pct of packets", () => {
    const link = new LinkDirection<number>({ ...shape, rateBitsPerSec: 1e9, lossRatio: 0.1 }, seeded(7));
    for (let i = 0; i < 10_000; i += 1) link.offer(i, 100, i);
    expect(link.counters.dropped.loss).toBeGreaterThan(850);
    expect(link.counters.dropped.loss).toBeLessThan(1150);
  });

  it("jitters delay within ±jitter_ms without reordering packets", () => {
    const link = new LinkDirection<number>({ ...shape, rateBitsPerSec: 1e9, jitterMs: 5 }, seeded(3));
    const delays: number[] = [];
    let last = -Infinity;
    for (let i = 0; i < 5000; i += 1) {
      const r = link.offer(i, 100, i * 0.3);
      if (r.kind !== "queued") throw new Error("unexpected drop");
      expect(r.deliverAtMs).toBeGreaterThanOrEqual(last);
      last = r.deliverAtMs;
      delays.push(r.deliverAtMs - i * 0.3);
    }
    expect(Math.min(...delays)).toBeGreaterThan(20 - 5 - 0.01);
    expect(Math.max(...delays)).toBeLessThan(20 + 5 + 0.01);
    expect(Math.max(...delays) - Math.min(...delays)).toBeGreaterThan(5);
    const mean = delays.reduce((a, b) => a + b, 0) / delays.length;
    expect(Math.abs(mean - 20)).toBeLessThan(1.5);
  });

  it("drops everything while down, including what was in flight, and carries again when up", () => {
    const link = new LinkDirection<number>(shape, seeded(1));
    link.offer(1, 1250, 0);
    link.setUp(false);
    expect(link.offer(2, 1250, 1)).toEqual({ kind: "dropped", reason: "down" });
    expect(link.counters.dropped.down).toBe(2);
    expect(link.nextDueMs()).toBeUndefined();
    link.setUp(true);
    expect(link.offer(3, 1250, 2).kind).toBe("queued");
  });

  it("follows a rate change", () => {
    const link = new LinkDirection<number>(shape, seeded(1));
    link.reshape({ rateBitsPerSec: 1_000_000 });
    expect(link.offer(1, 1250, 0)).toEqual({ kind: "queued", deliverAtMs: 30 });
  });
});
