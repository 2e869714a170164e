import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { flowSeqDiff, flowSeqModulus } from "../frames/flow-seq";
import { dataFlags } from "../frames/frame-types";
import type { ReassemblyInput } from "./reassembly-api";
import { ReassemblyEngine } from "./reassembly-engine";
import type { ReassemblyLimits } from "./reassembly-limits";

// A sender with three paths: flows send in a random interleaving, each packet goes on one path and maybe a
// copy on another (same WireGuard counter, as in redundant mode), probes go out now and then.

const pathCount = 3;
const allPaths = 0b111;

type Arrival =
  | { readonly kind: "data"; readonly input: ReassemblyInput; readonly label: string }
  | { readonly kind: "probe"; readonly pathId: number; readonly counter: number };

interface SendEvent {
  readonly flow: number;
  readonly path: number;
  readonly copyPath: number;
  readonly probeRoll: number;
  readonly lossBits: number;
}

interface Scenario {
  readonly startSeqs: readonly number[];
  readonly events: readonly SendEvent[];
}

const scenarioArb: fc.Arbitrary<Scenario> = fc.record({
  startSeqs: fc.array(
    fc.oneof(
      fc.integer({ min: 0, max: flowSeqModulus - 1 }),
      fc.integer({ min: flowSeqModulus - 20, max: flowSeqModulus - 1 }),
    ),
    { minLength: 1, maxLength: 4 },
  ),
  events: fc.array(
    fc.record({
      flow: fc.nat(3),
      path: fc.nat(pathCount - 1),
      copyPath: fc.nat(pathCount * 2), // ≥ pathCount: no copy
      probeRoll: fc.nat(7),
      lossBits: fc.nat(3),
    }),
    { maxLength: 80 },
  ),
});

function label(flow: number, seq: number): string {
  return `${flow}:${seq}`;
}

function packetFor(flow: number, seq: number): Uint8Array {
  const bytes = new Uint8Array(8);
  new DataView(bytes.buffer).setUint32(0, flow);
  new DataView(bytes.buffer).setUint32(4, seq);
  return bytes;
}

function labelOf(packet: Uint8Array): string {
  const view = new DataView(packet.buffer, packet.byteOffset);
  return label(view.getUint32(0), view.getUint32(4));
}

/** Per-path queues of what the sender put on the wire (after loss when lossy), and every label sent per flow. */
function send(scenario: Scenario, lossy: boolean): { perPath: Arrival[][]; sentPerFlow: string[][] } {
  const flowCount = scenario.startSeqs.length;
  const nextSeq = [...scenario.startSeqs];
  const sentPerFlow: string[][] = scenario.startSeqs.map(() => []);
  const perPath: Arrival[][] = Array.from({ length: pathCount }, () => []);
  let counter = 0;
  for (const event of scenario.events) {
    counter++;
    if (event.probeRoll === 0) {
      perPath[event.path]!.push({ kind: "probe", pathId: event.path, counter });
      continue;
    }
    const flow = event.flow % flowCount;
    const seq = nextSeq[flow]!;
    nextSeq[flow] = (seq + 1) % flowSeqModulus;
    const isStart = sentPerFlow[flow]!.length === 0;
    sentPerFlow[flow]!.push(label(flow, seq));
    const paths =
      event.copyPath < pathCount && event.copyPath !== event.path
        ? [event.path, event.copyPath]
        : [event.path];
    paths.forEach((pathId, copy) => {
      if (lossy && (event.lossBits & (1 << copy)) !== 0) return;
      const input: ReassemblyInput = {
        flowId: 1000 + flow,
        flowSeq: seq,
        activePathMask: allPaths,
        flags: isStart ? dataFlags.flowStart : 0,
        pathId,
        counter,
        packet: packetFor(flow, seq),
      };
      perPath[pathId]!.push({ kind: "data", input, label: label(flow, seq) });
    });
  }
  return { perPath, sentPerFlow };
}

/** Each path delivers in its own order (FIFO); picks choose which path delivers next. */
function fifoMerge(perPath: Arrival[][], picks: readonly number[]): Arrival[] {
  const queues = perPath.map((q) => [...q]);
  const merged: Arrival[] = [];
  let pickIndex = 0;
  while (queues.some((q) => q.length > 0)) {
    let path = (picks[pickIndex++ % Math.max(1, picks.length)] ?? 0) % pathCount;
    while (queues[path]!.length === 0) path = (path + 1) % pathCount;
    merged.push(queues[path]!.shift()!);
  }
  return merged;
}

class Receiver {
  readonly deliveredPerFlow = new Map<number, string[]>();
  readonly deliveredCount = new Map<string, number>();
  readonly arrived = new Set<string>();

  constructor(readonly engine: ReassemblyEngine) {}

  receive(arrival: Arrival, nowMs: number): void {
    if (arrival.kind === "probe") {
      this.record(this.engine.onPathProgress(arrival.pathId, arrival.counter));
    } else {
      this.arrived.add(arrival.label);
      this.record(this.engine.push(arrival.input, nowMs));
    }
  }

  finish(): void {
    this.record(this.engine.poll(Number.POSITIVE_INFINITY));
  }

  record(packets: readonly Uint8Array[]): void {
    for (const packet of packets) {
      const name = labelOf(packet);
      const flow = Number(name.split(":")[0]);
      this.deliveredCount.set(name, (this.deliveredCount.get(name) ?? 0) + 1);
      const list = this.deliveredPerFlow.get(flow) ?? [];
      list.push(name);
      this.deliveredPerFlow.set(flow, list);
    }
  }
}

function seqOf(name: string): number {
  return Number(name.split(":")[1]);
}

describe("ReassemblyEngine properties", () => {
  it("delivers every packet exactly once and in order per flow when paths are FIFO and nothing is lost", () => {
    fc.assert(
      fc.property(scenarioArb, fc.array(fc.nat(pathCount - 1)), (scenario, picks) => {
        const { perPath, sentPerFlow } = send(scenario, false);
        const receiver = new Receiver(new ReassemblyEngine({ holdMs: 1e9 }));
        for (const arrival of fifoMerge(perPath, picks)) receiver.receive(arrival, 0);
        // All gaps filled: nothing may be waiting, not even for a timeout.
        expect(receiver.engine.counters.heldNow).toBe(0);
        sentPerFlow.forEach((sent, flow) => {
          expect(receiver.deliveredPerFlow.get(flow) ?? []).toEqual(sent);
        });
      }),
    );
  });

  it("with loss on FIFO paths, never gives a gap up wrongly: delivery stays in order, lost gaps are skipped", () => {
    fc.assert(
      fc.property(scenarioArb, fc.array(fc.nat(pathCount - 1)), (scenario, picks) => {
        const { perPath, sentPerFlow } = send(scenario, true);
        const receiver = new Receiver(new ReassemblyEngine({ holdMs: 1e9 }));
        for (const arrival of fifoMerge(perPath, picks)) receiver.receive(arrival, 0);
        receiver.finish();
        sentPerFlow.forEach((sent, flow) => {
          const delivered = receiver.deliveredPerFlow.get(flow) ?? [];
          expect(delivered).toEqual(sent.filter((name) => receiver.arrived.has(name)));
          for (let i = 1; i < delivered.length; i++) {
            expect(flowSeqDiff(seqOf(delivered[i]!), seqOf(delivered[i - 1]!))).toBeGreaterThan(0);
          }
        });
        expect(receiver.engine.counters).toMatchObject({ heldNow: 0, late: 0 });
      }),
    );
  });

  it("under any arrival order, duplication, loss, timing and tight caps, delivers each arrived packet once", () => {
    const limits: Partial<ReassemblyLimits> = { maxHeldPerFlow: 3, maxHeldTotal: 6, maxFlows: 4 };
    const arrivalArb = fc.record({
      order: fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: 200, maxLength: 200 }),
      gapsMs: fc.array(fc.integer({ min: 0, max: 15 }), { minLength: 200, maxLength: 200 }),
      polls: fc.array(fc.boolean(), { minLength: 200, maxLength: 200 }),
      holdMs: fc.integer({ min: 0, max: 20 }),
    });
    fc.assert(
      fc.property(scenarioArb, arrivalArb, (scenario, timing) => {
        const { perPath } = send(scenario, true);
        const arrivals = perPath.flat();
        const shuffled = arrivals
          .map((arrival, i) => ({ arrival, key: timing.order[i % timing.order.length]! }))
          .sort((a, b) => a.key - b.key)
          .map(({ arrival }) => arrival);
        const engine = new ReassemblyEngine({ holdMs: timing.holdMs, limits });
        const receiver = new Receiver(engine);
        let nowMs = 0;
        shuffled.forEach((arrival, i) => {
          nowMs += timing.gapsMs[i % timing.gapsMs.length]!;
          receiver.receive(arrival, nowMs);
          if (timing.polls[i % timing.polls.length]) receiver.record(engine.poll(nowMs));
          expect(engine.counters.heldNow).toBeLessThanOrEqual(6);
          for (const count of receiver.deliveredCount.values()) expect(count).toBe(1);
        });
        receiver.finish();
        expect([...receiver.deliveredCount.keys()].sort()).toEqual([...receiver.arrived].sort());
        for (const count of receiver.deliveredCount.values()) expect(count).toBe(1);
        expect(engine.counters.heldNow).toBe(0);
      }),
      { numRuns: 300 },
    );
  });
});
