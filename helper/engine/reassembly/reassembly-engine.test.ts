import { describe, expect, it } from "vitest";
import { dataFlags } from "../frames/frame-types";
import type { ReassemblyInput } from "./reassembly-api";
import { ReassemblyEngine } from "./reassembly-engine";

const bothPaths = 0b11;

/** A packet whose bytes name its flow and seq, so tests can read what was released. */
function packet(flowId: number, seq: number): Uint8Array {
  const bytes = new Uint8Array(8);
  const view = new DataView(bytes.buffer);
  view.setUint32(0, flowId);
  view.setUint32(4, seq);
  return bytes;
}

function names(packets: readonly Uint8Array[]): string[] {
  return packets.map((p) => {
    const view = new DataView(p.buffer, p.byteOffset);
    return `${view.getUint32(0)}:${view.getUint32(4)}`;
  });
}

interface Send {
  readonly flowId?: number;
  readonly seq: number;
  readonly pathId?: number;
  readonly counter: number;
  readonly mask?: number;
  readonly start?: boolean;
}

function input(send: Send): ReassemblyInput {
  const flowId = send.flowId ?? 1;
  return {
    flowId,
    flowSeq: send.seq,
    activePathMask: send.mask ?? bothPaths,
    flags: send.start ? dataFlags.flowStart : 0,
    pathId: send.pathId ?? 0,
    counter: send.counter,
    packet: packet(flowId, send.seq),
  };
}

function newEngine(holdMs = 1000): ReassemblyEngine {
  return new ReassemblyEngine({ holdMs });
}

describe("ReassemblyEngine", () => {
  it("passes an in-order flow straight through", () => {
    const engine = newEngine();
    for (let seq = 0; seq < 10; seq++) {
      expect(names(engine.push(input({ seq, counter: seq, start: seq === 0 }), 0))).toEqual([`1:${seq}`]);
    }
    expect(engine.counters).toMatchObject({ inOrder: 10, reordered: 0, heldNow: 0 });
    expect(engine.nextDeadlineMs()).toBeUndefined();
  });

  it("releases packets reordered across two paths in flowSeq order", () => {
    const engine = newEngine();
    // Path 0 is fast and carries even seqs; path 1 is slower and carries odd ones.
    const arrivals: [Send, string[]][] = [
      [{ seq: 0, counter: 0, start: true }, ["1:0"]],
      [{ seq: 2, counter: 2 }, []],
      [{ seq: 4, counter: 4 }, []],
      [{ seq: 1, counter: 1, pathId: 1 }, ["1:1", "1:2"]],
      [{ seq: 3, counter: 3, pathId: 1 }, ["1:3", "1:4"]],
      [{ seq: 5, counter: 5, pathId: 1 }, ["1:5"]],
    ];
    for (const [send, released] of arrivals) expect(names(engine.push(input(send), 0))).toEqual(released);
    expect(engine.counters).toMatchObject({ inOrder: 4, reordered: 2, heldNow: 0, skippedSeqs: 0 });
  });

  it("drops duplicates, whether already delivered or still held", () => {
    const engine = newEngine();
    engine.push(input({ seq: 0, counter: 0, start: true }), 0);
    expect(engine.push(input({ seq: 0, counter: 0, pathId: 1 }), 0)).toEqual([]);
    engine.push(input({ seq: 2, counter: 2 }), 0);
    expect(engine.push(input({ seq: 2, counter: 2, pathId: 1 }), 0)).toEqual([]);
    expect(names(engine.push(input({ seq: 1, counter: 1, pathId: 1 }), 0))).toEqual(["1:1", "1:2"]);
    expect(engine.counters.duplicatesDropped).toBe(2);
  });

  it("gives a gap up exactly when the hold time has passed since the packet after it arrived", () => {
    const engine = newEngine(30);
    engine.push(input({ seq: 0, counter: 0, start: true }), 0);
    expect(engine.push(input({ seq: 2, counter: 2 }), 10)).toEqual([]);
    expect(engine.nextDeadlineMs()).toBe(40);
    expect(engine.poll(39.9)).toEqual([]);
    expect(names(engine.poll(40))).toEqual(["1:2"]);
    expect(engine.counters).toMatchObject({ releasedOnTimeout: 1, skippedSeqs: 1, heldNow: 0 });
    expect(engine.nextDeadlineMs()).toBeUndefined();
  });

  it("follows a new hold time at once", () => {
    const engine = newEngine(100);
    engine.push(input({ seq: 0, counter: 0, start: true }), 0);
    engine.push(input({ seq: 2, counter: 2 }), 0);
    engine.setHoldMs(20);
    expect(engine.nextDeadlineMs()).toBe(20);
    expect(names(engine.poll(20))).toEqual(["1:2"]);
  });

  it("gives a gap up at once when every path that could carry it has delivered something newer", () => {
    const engine = newEngine(1000);
    engine.push(input({ seq: 0, counter: 10, pathId: 0, start: true }), 0);
    // seq 1 went out on path 1 with counter 11 and is lost; seq 2 arrives on path 0.
    expect(engine.push(input({ seq: 2, counter: 12, pathId: 0 }), 0)).toEqual([]);
    // A probe on path 1 proves path 1 has nothing older left in flight, but path 0 has not moved past 12 yet.
    expect(engine.onPathProgress(1, 13)).toEqual([]);
    expect(names(engine.push(input({ seq: 3, counter: 14, pathId: 0 }), 0))).toEqual(["1:2", "1:3"]);
    expect(engine.counters).toMatchObject({ releasedKnownLost: 2, skippedSeqs: 1, releasedOnTimeout: 0 });
  });

  it("only waits on the paths that were active when the packet after the gap was sent", () => {
    const engine = newEngine(1000);
    engine.push(input({ seq: 0, counter: 1, mask: 0b01, start: true }), 0);
    engine.push(input({ seq: 2, counter: 3, mask: 0b01 }), 0);
    // Path 1 stays silent, but it was not active, so path 0 moving on is proof enough.
    expect(names(engine.push(input({ seq: 3, counter: 4, mask: 0b01 }), 0))).toEqual(["1:2", "1:3"]);
  });

  it("keeps holding while an active path has not caught up", () => {
    const engine = newEngine(1000);
    engine.push(input({ seq: 0, counter: 1, start: true }), 0);
    engine.push(input({ seq: 2, counter: 3 }), 0);
    expect(engine.push(input({ seq: 3, counter: 4 }), 0)).toEqual([]);
    expect(engine.counters.heldNow).toBe(2);
  });

  it("never lets a gap in one flow delay another flow", () => {
    const engine = newEngine(1000);
    engine.push(input({ flowId: 1, seq: 0, counter: 0, start: true }), 0);
    engine.push(input({ flowId: 1, seq: 2, counter: 2 }), 0);
    expect(names(engine.push(input({ flowId: 2, seq: 7, counter: 3, start: true }), 1))).toEqual(["2:7"]);
    expect(names(engine.push(input({ flowId: 2, seq: 8, counter: 4 }), 2))).toEqual(["2:8"]);
    expect(engine.counters.heldNow).toBe(1);
  });

  it("delivers a packet that arrives after its gap was given up, once", () => {
    const engine = newEngine(30);
    engine.push(input({ seq: 0, counter: 0, start: true }), 0);
    engine.push(input({ seq: 2, counter: 2 }), 0);
    expect(names(engine.poll(30))).toEqual(["1:2"]);
    expect(names(engine.push(input({ seq: 1, counter: 1, pathId: 1 }), 50))).toEqual(["1:1"]);
    expect(engine.push(input({ seq: 1, counter: 1, pathId: 0 }), 51)).toEqual([]);
    expect(engine.counters).toMatchObject({ late: 1, duplicatesDropped: 1 });
  });

  it("orders packets around 2^24, where flowSeq wraps", () => {
    const engine = newEngine();
    const last = 2 ** 24 - 1;
    engine.push(input({ seq: last - 1, counter: 0, start: true }), 0);
    expect(engine.push(input({ seq: 0, counter: 2 }), 0)).toEqual([]);
    expect(names(engine.push(input({ seq: last, counter: 1, pathId: 1 }), 0))).toEqual([`1:${last}`, "1:0"]);
  });

  it("orders a flow whose first packet overtook its start, and waits no longer once the start arrives", () => {
    const engine = newEngine(1000);
    expect(engine.push(input({ seq: 501, counter: 2 }), 0)).toEqual([]);
    expect(names(engine.push(input({ seq: 500, counter: 1, pathId: 1, start: true }), 0))).toEqual([
      "1:500",
      "1:501",
    ]);
    expect(engine.counters).toMatchObject({ skippedSeqs: 0, late: 0 });
  });

  it("waits at most the hold time for a flow first seen without its start", () => {
    const engine = newEngine(30);
    expect(engine.push(input({ seq: 500, counter: 1 }), 0)).toEqual([]);
    expect(names(engine.poll(30))).toEqual(["1:500"]);
    expect(names(engine.push(input({ seq: 501, counter: 2 }), 31))).toEqual(["1:501"]);
    expect(engine.counters.skippedSeqs).toBe(0);
  });

  it("starts a flow silent for idleResyncMs over at whatever seq comes next", () => {
    const engine = new ReassemblyEngine({ holdMs: 1000, limits: { idleResyncMs: 5000 } });
    engine.push(input({ seq: 100, counter: 1, start: true }), 0);
    expect(names(engine.push(input({ seq: 40, counter: 2 }), 6000))).toEqual(["1:40"]);
    expect(names(engine.push(input({ seq: 41, counter: 3 }), 6001))).toEqual(["1:41"]);
  });

  it("gives a gap up only by timeout when the packet after it carries no path information", () => {
    const engine = newEngine(30);
    engine.push(input({ seq: 0, counter: 1, start: true }), 0);
    engine.push({ ...input({ seq: 2, counter: 3, mask: 0 }), pathId: 99 }, 0);
    expect(engine.onPathProgress(0, 100)).toEqual([]);
    expect(names(engine.poll(30))).toEqual(["1:2"]);
  });

  it("resyncs at once when the sender restarts a flow at a new seq", () => {
    const engine = newEngine(1000);
    engine.push(input({ seq: 100, counter: 1, start: true }), 0);
    engine.push(input({ seq: 102, counter: 2 }), 0);
    expect(names(engine.push(input({ seq: 7, counter: 3, start: true }), 0))).toEqual(["1:102", "1:7"]);
    expect(names(engine.push(input({ seq: 8, counter: 4 }), 0))).toEqual(["1:8"]);
    expect(engine.counters.resyncs).toBe(1);
  });

  it("resyncs instead of buffering when flowSeq jumps far ahead", () => {
    const engine = new ReassemblyEngine({
      holdMs: 1000,
      limits: { maxAheadPackets: 100, maxHeldPerFlow: 50 },
    });
    engine.push(input({ seq: 0, counter: 0, start: true }), 0);
    expect(names(engine.push(input({ seq: 5000, counter: 1 }), 0))).toEqual(["1:5000"]);
    expect(names(engine.push(input({ seq: 5001, counter: 2 }), 0))).toEqual(["1:5001"]);
    expect(engine.counters).toMatchObject({ resyncs: 1, heldNow: 0 });
  });

  it("gives up a flow's oldest gap when it holds more than its cap", () => {
    const engine = new ReassemblyEngine({ holdMs: 1000, limits: { maxHeldPerFlow: 3 } });
    engine.push(input({ seq: 0, counter: 0, start: true }), 0);
    for (const seq of [2, 4, 6]) expect(engine.push(input({ seq, counter: seq }), 0)).toEqual([]);
    expect(names(engine.push(input({ seq: 8, counter: 8 }), 0))).toEqual(["1:2"]);
    expect(engine.counters).toMatchObject({ heldNow: 3, releasedForced: 1 });
  });

  it("evicts the least recently active flow beyond maxFlows, releasing what it held", () => {
    const engine = new ReassemblyEngine({ holdMs: 1000, limits: { maxFlows: 2 } });
    engine.push(input({ flowId: 1, seq: 0, counter: 0, start: true }), 0);
    engine.push(input({ flowId: 1, seq: 2, counter: 1 }), 0);
    engine.push(input({ flowId: 2, seq: 0, counter: 2, start: true }), 0);
    expect(names(engine.push(input({ flowId: 3, seq: 0, counter: 3, start: true }), 0))).toEqual([
      "1:2",
      "3:0",
    ]);
    expect(engine.counters).toMatchObject({ evicted: 1, flowsNow: 2, heldNow: 0 });
  });
});
