// Behaviour of the simulator's scheduler: ordering, ties, cancellation, horizon, and its event throughput.

import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { EventLoop } from "./event-loop";

describe("EventLoop", () => {
  it("runs events in time order, ties in the order they were scheduled", () => {
    const loop = new EventLoop();
    const order: string[] = [];
    loop.schedule(5, () => order.push("b@5"));
    loop.schedule(1.5, () => order.push("a@1.5"));
    loop.schedule(5, () => order.push("c@5"));
    loop.after(5, () => order.push("d@5"));
    loop.runUntil(10);
    expect(order).toEqual(["a@1.5", "b@5", "c@5", "d@5"]);
    expect(loop.nowMs()).toBe(10);
  });

  it("shows each event its own time and stops at the horizon, leaving later events pending", () => {
    const loop = new EventLoop();
    const seenAtMs: number[] = [];
    for (const atMs of [3, 7, 12]) loop.schedule(atMs, () => seenAtMs.push(loop.nowMs()));
    loop.runUntil(7);
    expect(seenAtMs).toEqual([3, 7]);
    expect(loop.pendingEvents).toBe(1);
    loop.runUntil(20);
    expect(seenAtMs).toEqual([3, 7, 12]);
  });

  it("runs events scheduled from inside events, including ones due now", () => {
    const loop = new EventLoop();
    const order: string[] = [];
    loop.schedule(1, () => {
      order.push("outer");
      loop.after(0, () => order.push("same instant"));
      loop.after(2, () => order.push("later"));
    });
    loop.schedule(1, () => order.push("sibling"));
    loop.runUntil(5);
    expect(order).toEqual(["outer", "sibling", "same instant", "later"]);
  });

  it("runs an event scheduled in the past at the current time", () => {
    const loop = new EventLoop();
    loop.runUntil(100);
    let ranAtMs = -1;
    loop.schedule(10, () => {
      ranAtMs = loop.nowMs();
    });
    loop.runUntil(100);
    expect(ranAtMs).toBe(100);
  });

  it("cancels pending events and ignores stale handles", () => {
    const loop = new EventLoop();
    const ran: number[] = [];
    const first = loop.schedule(1, () => ran.push(1));
    const second = loop.schedule(2, () => ran.push(2));
    expect(loop.cancel(first)).toBe(true);
    expect(loop.cancel(first)).toBe(false);
    loop.runUntil(3);
    expect(ran).toEqual([2]);
    expect(loop.cancel(second)).toBe(false);
    // The freed slot is reused; the old handle must not cancel the new event.
    loop.schedule(4, () => ran.push(4));
    expect(loop.cancel(first)).toBe(false);
    loop.runUntil(5);
    expect(ran).toEqual([2, 4]);
  });

  it("passes the argument given at scheduling time", () => {
    const loop = new EventLoop();
    const got: string[] = [];
    const record = (text: string): void => {
      got.push(text);
    };
    loop.schedule(2, record, "two");
    loop.after(1, record, "one");
    loop.runUntil(3);
    expect(got).toEqual(["one", "two"]);
  });

  it("keeps order through heavy cancellation (heap compaction)", () => {
    const loop = new EventLoop();
    const ran: number[] = [];
    for (let i = 0; i < 20_000; i++) {
      const handle = loop.schedule(1000 + i, () => ran.push(i));
      if (i % 10 !== 0) loop.cancel(handle);
    }
    expect(loop.pendingEvents).toBe(2000);
    loop.runUntil(100_000);
    expect(ran).toEqual(Array.from({ length: 2000 }, (_, k) => k * 10));
  });

  it("orders any mix of times stably (property)", () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 50 }), { maxLength: 300 }), (times) => {
        const loop = new EventLoop();
        const ran: number[] = [];
        for (const [index, atMs] of times.entries()) loop.schedule(atMs, () => ran.push(index));
        loop.runUntil(100);
        const expected = times
          .map((atMs, index) => ({ atMs, index }))
          .sort((a, b) => a.atMs - b.atMs || a.index - b.index);
        expect(ran).toEqual(expected.map((entry) => entry.index));
      }),
    );
  });

  it("processes a few million self-rescheduling events (events/s printed)", () => {
    const loop = new EventLoop();
    const timers = 1000;
    const eventsWanted = 3_000_000;
    let count = 0;
    const tick = (periodMs: number): void => {
      count++;
      if (count < eventsWanted) loop.after(periodMs, tick, periodMs);
    };
    for (let i = 0; i < timers; i++) loop.schedule(i * 0.001, tick, 1 + (i % 7) * 0.37);
    const startedAt = performance.now();
    loop.runUntil(Number.POSITIVE_INFINITY);
    const wallMs = performance.now() - startedAt;
    expect(loop.eventsProcessed).toBe(eventsWanted + timers - 1);
    console.log(
      `event loop: ${loop.eventsProcessed} events in ${wallMs.toFixed(0)} ms wall, ${(((loop.eventsProcessed / wallMs) * 1000) / 1e6).toFixed(2)} M events/s`,
    );
  });
});
