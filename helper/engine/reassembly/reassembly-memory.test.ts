import { describe, expect, it } from "vitest";
import { flowSeqModulus } from "../frames/flow-seq";
import { dataFlags } from "../frames/frame-types";
import { ReassemblyEngine } from "./reassembly-engine";

// An authenticated but hostile (or broken) peer floods the receiver; memory must stay within the caps.

const limits = { maxFlows: 2048, maxHeldPerFlow: 64, maxHeldTotal: 4096, maxAheadPackets: 1024 };
const sharedPacket = new Uint8Array(64);

/** Deterministic pseudo-random sequence (xorshift32), so a failure replays exactly. */
function xorshift(seed: number): () => number {
  let state = seed;
  return () => {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    return state >>> 0;
  };
}

function expectWithinCaps(engine: ReassemblyEngine): void {
  const { heldNow, flowsNow } = engine.counters;
  expect(heldNow).toBeLessThanOrEqual(limits.maxHeldTotal);
  expect(flowsNow).toBeLessThanOrEqual(limits.maxFlows);
}

describe("ReassemblyEngine memory bounds", () => {
  it("stays within its caps under a million distinct flows that each open a gap", () => {
    const engine = new ReassemblyEngine({ holdMs: 1e9, limits });
    const random = xorshift(1);
    let released = 0;
    for (let i = 0; i < 1_000_000; i++) {
      const out = engine.push(
        {
          flowId: random(),
          flowSeq: random() % flowSeqModulus,
          activePathMask: 0xffff_ffff,
          flags: i % 3 === 0 ? dataFlags.flowStart : 0,
          pathId: i & 31,
          counter: i,
          packet: sharedPacket,
        },
        i / 1000,
      );
      released += out.length;
      if (i % 4096 === 0) expectWithinCaps(engine);
    }
    expectWithinCaps(engine);
    expect(released + engine.counters.heldNow).toBe(1_000_000);
    expect(engine.counters.evicted).toBeGreaterThan(0);
  });

  it("stays within its caps under random flowSeq jumps in a few flows, with no path ever progressing", () => {
    const engine = new ReassemblyEngine({ holdMs: 1e9, limits });
    const random = xorshift(2);
    for (let i = 0; i < 300_000; i++) {
      const flowId = random() % 8;
      const jump = random() % 4 === 0 ? random() : random() % 200;
      engine.push(
        {
          flowId,
          flowSeq: jump % flowSeqModulus,
          activePathMask: 0b10,
          flags: 0,
          pathId: 0,
          counter: Number.NaN,
          packet: sharedPacket,
        },
        0,
      );
      if (i % 4096 === 0) expectWithinCaps(engine);
    }
    expect(engine.counters.heldNow).toBeLessThanOrEqual(8 * limits.maxHeldPerFlow);
  });

  it("releases everything once the flood stops and the hold time passes", () => {
    const engine = new ReassemblyEngine({ holdMs: 30, limits });
    for (let i = 0; i < 50_000; i++) {
      const flowId = i % 3000;
      engine.push(
        {
          flowId,
          flowSeq: 2 * Math.floor(i / 3000) + 1,
          activePathMask: 0b1,
          flags: 0,
          pathId: 0,
          counter: Number.NaN,
          packet: sharedPacket,
        },
        0,
      );
    }
    engine.poll(30);
    expect(engine.counters.heldNow).toBe(0);
    expect(engine.nextDeadlineMs()).toBeUndefined();
  });
});
