// Moves a flow's release point forward: delivers packets in flowSeq order into the output, gives gaps up,
// restarts sequences, and records what was delivered so that nothing is delivered twice.

import { flowSeqAdd, flowSeqDiff } from "../frames/flow-seq";
import type { FlowState } from "./flow-table";
import type { HeldPackets } from "./held-packets";
import type { ReleaseReason } from "./reassembly-api";

/** The engine's counters this module adds to. */
export type ReleaseCounters = { -readonly [K in ReleaseReason | "skippedSeqs"]: number };

export class FlowRelease {
  /** Packets released by the current call into the engine, in order per flow. */
  readonly released: Uint8Array[] = [];
  readonly #held: HeldPackets;
  readonly #counters: ReleaseCounters;
  readonly #maxAheadPackets: number;

  constructor(held: HeldPackets, counters: ReleaseCounters, maxAheadPackets: number) {
    this.#held = held;
    this.#counters = counters;
    this.#maxAheadPackets = maxAheadPackets;
  }

  /** Delivers the packet at the flow's release point (flow.nextSeq). */
  deliver(flow: FlowState, packet: Uint8Array): void {
    flow.history.markDelivered(flow.nextSeq);
    flow.nextSeq = flowSeqAdd(flow.nextSeq, 1);
    this.released.push(packet);
  }

  /** A packet behind the release point: delivered if its seq never was (true), dropped as a duplicate (false). */
  deliverLate(flow: FlowState, seq: number, packet: Uint8Array): boolean {
    if (flow.history.wasDelivered(seq)) return false;
    flow.history.markDelivered(seq);
    this.released.push(packet);
    return true;
  }

  /** Gives up the gap in front of the flow and releases the run of held packets behind it. */
  skipGap(flow: FlowState, reason: ReleaseReason): void {
    if (this.#held.countOf(flow.slot) === 0) return;
    const missing = flowSeqDiff(flow.firstHeldSeq, flow.nextSeq);
    flow.history.markSkipped(flow.nextSeq, missing);
    if (!flow.presumedGap) this.#counters.skippedSeqs += missing;
    flow.presumedGap = false;
    flow.nextSeq = flow.firstHeldSeq;
    this.releaseRun(flow, reason);
  }

  /** Releases everything the flow holds, in order, giving up every gap. */
  flush(flow: FlowState): void {
    while (this.#held.countOf(flow.slot) > 0) this.skipGap(flow, "releasedForced");
  }

  /**
   * Releases held packets from nextSeq while they are contiguous, then finds the next held seq. `reason` names
   * the counter for packets released because a gap was given up; undefined when the gap simply filled.
   */
  releaseRun(flow: FlowState, reason: ReleaseReason | undefined): void {
    const slot = flow.slot;
    for (;;) {
      const entry = this.#held.find(slot, flow.nextSeq);
      if (entry < 0) break;
      this.deliver(flow, this.#held.take(entry));
      if (reason !== undefined) this.#counters[reason]++;
    }
    if (this.#held.countOf(slot) > 0) flow.firstHeldSeq = this.#lowestHeldSeq(flow);
  }

  /** Starts the flow's sequence over: release point nextSeq, nothing remembered as delivered. */
  restart(flow: FlowState, nextSeq: number, startSeq: number): void {
    flow.epoch++;
    flow.nextSeq = nextSeq;
    flow.startSeq = startSeq;
    flow.presumedGap = false;
    flow.history.reset();
  }

  /**
   * Held seqs lie within maxAheadPackets of nextSeq, so the scan is bounded, and the release point only moves
   * forward, so over a flow's life each seq is scanned about once.
   */
  #lowestHeldSeq(flow: FlowState): number {
    let seq = flowSeqAdd(flow.nextSeq, 1);
    for (let i = 1; i < this.#maxAheadPackets; i++, seq = flowSeqAdd(seq, 1)) {
      if (this.#held.find(flow.slot, seq) >= 0) return seq;
    }
    return this.#held.earliestArrivalSeq(flow.slot);
  }
}
