// What a simulated link does to datagrams: rate, delay, jitter order, loss, tail drop, outages, rate changes.

import { describe, expect, it } from "vitest";
import { EventLoop } from "./event-loop";
import { SeededRandom } from "./seeded-random";
import { SimLink, type SimLinkConfig } from "./sim-link";

interface Delivery {
  readonly id: number;
  readonly atMs: number;
}

/** A link whose datagrams carry their send index in the first 4 bytes. */
function makeLink(overrides: Partial<SimLinkConfig> = {}, seed = 1) {
  const loop = new EventLoop();
  const deliveries: Delivery[] = [];
  const config: SimLinkConfig = {
    name: "test",
    rateBitsPerSec: 10e6,
    delayMs: 20,
    jitterMs: 0,
    lossRatio: 0,
    queueBytes: 1_000_000,
    wireOverheadBytes: 0,
    reorder: false,
    ...overrides,
  };
  const link = new SimLink(loop, new SeededRandom(seed, "link"), config, (datagram, atMs) => {
    deliveries.push({ id: new DataView(datagram.buffer).getUint32(0), atMs });
  });
  let nextId = 0;
  const send = (sizeBytes: number): void => {
    const datagram = new Uint8Array(sizeBytes);
    new DataView(datagram.buffer).setUint32(0, nextId++);
    link.send(datagram);
  };
  /** Sends one datagram every intervalMs from fromMs (inclusive) to toMs (exclusive). */
  const sendEvery = (intervalMs: number, fromMs: number, toMs: number, sizeBytes: number): void => {
    for (let atMs = fromMs; atMs < toMs; atMs += intervalMs) loop.schedule(atMs, () => send(sizeBytes));
  };
  return { loop, link, deliveries, send, sendEvery };
}

function isIncreasing(ids: readonly number[]): boolean {
  return ids.every((id, index) => index === 0 || id > ids[index - 1]!);
}

describe("SimLink", () => {
  it("delivers its configured rate under saturation, within 1%", () => {
    const { loop, link, deliveries, sendEvery } = makeLink({ queueBytes: 100_000 });
    sendEvery((1400 * 8 * 1000) / 12e6, 0, 12_000, 1400); // 12 Mbit/s offered into 10
    loop.runUntil(12_000);
    const inWindow = deliveries.filter((d) => d.atMs >= 2000 && d.atMs < 12_000);
    const rateBitsPerSec = (inWindow.length * 1400 * 8) / 10;
    console.log(`10 Mbit/s link, 12 offered: ${(rateBitsPerSec / 1e6).toFixed(3)} Mbit/s delivered`);
    expect(Math.abs(rateBitsPerSec / 10e6 - 1)).toBeLessThan(0.01);
    expect(link.counters.droppedPackets["queue-full"]).toBeGreaterThan(0);
  });

  it("takes exactly the one-way delay plus serialisation, queued datagrams waiting their turn", () => {
    const { loop, deliveries, send } = makeLink();
    send(1000);
    send(1000);
    loop.runUntil(100);
    expect(deliveries[0]!.atMs).toBeCloseTo(20.8, 9); // 1000 B at 10 Mbit/s = 0.8 ms
    expect(deliveries[1]!.atMs).toBeCloseTo(21.6, 9);
  });

  it("counts the wire overhead in serialisation", () => {
    const { loop, deliveries, send } = makeLink({ wireOverheadBytes: 28 });
    send(1000);
    loop.runUntil(100);
    expect(deliveries[0]!.atMs).toBeCloseTo(20 + (1028 * 8) / 10e3, 9);
  });

  it("never reorders within a link by default, however large the jitter", () => {
    const { loop, deliveries, sendEvery } = makeLink({ rateBitsPerSec: 100e6, jitterMs: 10 });
    sendEvery(0.2, 0, 2000, 500);
    loop.runUntil(3000);
    expect(deliveries).toHaveLength(10_000);
    expect(isIncreasing(deliveries.map((d) => d.id))).toBe(true);
    const delaysMs = deliveries.map((d) => d.atMs - d.id * 0.2);
    expect(Math.min(...delaysMs)).toBeGreaterThanOrEqual(20);
    expect(Math.max(...delaysMs)).toBeGreaterThan(40); // half-normal tail, held FIFO
  });

  it("reorders by jitter when asked to", () => {
    const { loop, deliveries, sendEvery } = makeLink({ rateBitsPerSec: 100e6, jitterMs: 10, reorder: true });
    sendEvery(0.2, 0, 2000, 500);
    loop.runUntil(3000);
    expect(deliveries).toHaveLength(10_000);
    expect(isIncreasing(deliveries.map((d) => d.id))).toBe(false);
  });

  it("loses 2% of datagrams at 2% loss, within half a point", () => {
    const { loop, link, deliveries, sendEvery } = makeLink({ rateBitsPerSec: 100e6, lossRatio: 0.02 }, 7);
    sendEvery(0.1, 0, 5000, 200);
    loop.runUntil(6000);
    const lossRatio = 1 - deliveries.length / 50_000;
    console.log(`2% loss link: measured ${(lossRatio * 100).toFixed(2)}% over 50000 datagrams`);
    expect(Math.abs(lossRatio - 0.02)).toBeLessThan(0.005);
    expect(link.counters.droppedPackets["random-loss"]).toBe(50_000 - deliveries.length);
  });

  it("tail-drops what does not fit the queue, keeping the earliest", () => {
    const { loop, link, deliveries, send } = makeLink({ rateBitsPerSec: 1e6, queueBytes: 10_000 });
    for (let i = 0; i < 30; i++) send(1000);
    loop.runUntil(1000);
    // One goes straight onto the wire; ten fill the 10 000-byte queue; the rest are dropped.
    expect(deliveries.map((d) => d.id)).toEqual(Array.from({ length: 11 }, (_, i) => i));
    expect(link.counters.droppedPackets["queue-full"]).toBe(19);
    expect(link.counters.queueDelayMs.max).toBeCloseTo(80, 9);
  });

  it("loses everything in flight when it goes down, drops sends while down, and resumes after up", () => {
    const { loop, link, deliveries, sendEvery } = makeLink({ delayMs: 50 });
    sendEvery(1, 0.5, 3000, 1000); // 8 Mbit/s into 10: no queueing
    loop.schedule(1000, () => link.goDown());
    loop.schedule(1500, () => link.goUp());
    loop.runUntil(4000);
    const dropped = link.counters.droppedPackets;
    expect(deliveries.filter((d) => d.atMs > 1000 && d.atMs < 1550)).toHaveLength(0);
    expect(dropped.outage).toBe(51); // sent at 949.5 .. 999.5, due at 1000.3 .. 1050.3
    expect(dropped["link-down"]).toBe(500); // sent at 1000.5 .. 1499.5
    const firstAfter = deliveries.find((d) => d.atMs > 1000)!;
    expect(firstAfter.atMs).toBeCloseTo(1500.5 + 0.8 + 50, 9);
    expect(deliveries).toHaveLength(3000 - 551);
  });

  it("changes rate mid-datagram for the remaining bits", () => {
    const { loop, link, deliveries, send } = makeLink({ rateBitsPerSec: 1e6, delayMs: 0 });
    send(1000); // 8 ms at 1 Mbit/s
    loop.schedule(4, () => link.setRate(2e6)); // half done; 4000 bits left take 2 ms
    loop.runUntil(100);
    expect(deliveries[0]!.atMs).toBeCloseTo(6, 9);
  });
});
