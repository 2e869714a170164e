// Receiver side of Braid: per flow, releases DATA packets in flowSeq order, drops duplicates, and holds a gap
// only until it is proven lost (every path that could carry it has delivered something newer) or the hold
// time (path delay spread + jitter margin) runs out. Bare IP packets from stock WireGuard peers carry no
// flowSeq and bypass this engine: the caller writes them to the TUN directly.
//
// Decisions a caller relies on:
// - A packet arriving after its gap was given up is delivered late, once (TCP copes with reordering far better
//   than with a loss it must retransmit); a packet already delivered is dropped.
// - `counter` must increase in send order across the whole peer: the WireGuard counter made monotonic across
//   rekeys (e.g. keypairEpoch × 2^32 + counter). If counters restart, call resetPathProgress().
// - The engine keeps each pushed packet (no copy) until it returns it; the caller must not reuse its buffer.
// - Released packets come back in an array that is reused by the next call into the engine.
// - The sender sets flowStart on a flow's first packet (at any seq). A flow first seen without it (its start
//   was lost, or this receiver evicted or never saw the flow) waits behind a presumed gap, up to the hold time.
// - Timeouts are released by poll (arm a timer on nextDeadlineMs) and also by push, after the arrival.

import { flowSeqAdd, flowSeqDiff, toFlowSeq } from "../frames/flow-seq";
import { dataFlags } from "../frames/frame-types";
import type { PathId } from "../path-types";
import { FlowRelease } from "./flow-release";
import { type FlowState, FlowTable } from "./flow-table";
import { HeldPackets } from "./held-packets";
import { LazyMinHeap } from "./lazy-min-heap";
import { PathProgress } from "./path-progress";
import type { ReassemblyCounters, ReassemblyInput, ReassemblyOptions } from "./reassembly-api";
import { type ReassemblyLimits, resolveReassemblyLimits } from "./reassembly-limits";

/** Reordering at a flow's start is shallow; a wider presumed gap would only slow the scan for held packets. */
const maxPresumedGapPackets = 1024;
const unknownStart = -1;
const allPathsMask = 0xffff_ffff;

export class ReassemblyEngine {
  readonly limits: ReassemblyLimits;
  /** Width of the gap presumed in front of a flow first seen mid-sequence. */
  readonly #presumedGapPackets: number;
  #holdMs: number;
  readonly #flows: FlowTable;
  readonly #held: HeldPackets;
  readonly #release: FlowRelease;
  readonly #paths = new PathProgress();
  /** Flows holding packets, keyed by the arrival time of their earliest held packet. */
  readonly #timers = new LazyMinHeap();
  readonly #counters = {
    inOrder: 0,
    reordered: 0,
    duplicatesDropped: 0,
    late: 0,
    releasedOnTimeout: 0,
    releasedKnownLost: 0,
    releasedForced: 0,
    skippedSeqs: 0,
    resyncs: 0,
    evicted: 0,
    heldNow: 0,
    flowsNow: 0,
  };
  readonly #isLive = (slot: number, epoch: number): boolean => {
    const flow = this.#flows.bySlot(slot);
    return flow.inUse && flow.epoch === epoch && this.#held.countOf(slot) > 0;
  };

  constructor(options: ReassemblyOptions = {}) {
    this.limits = resolveReassemblyLimits(options.limits);
    this.#presumedGapPackets = Math.min(this.limits.maxHeldPerFlow, maxPresumedGapPackets);
    this.#holdMs = 0;
    this.setHoldMs(options.holdMs ?? 50);
    this.#flows = new FlowTable(this.limits.maxFlows, this.limits.historyPackets);
    this.#held = new HeldPackets(this.limits.maxHeldTotal, this.limits.maxFlows);
    this.#release = new FlowRelease(this.#held, this.#counters, this.limits.maxAheadPackets);
  }

  /** How long a gap may hold its flow: the measured delay spread between paths plus a jitter margin. */
  setHoldMs(holdMs: number): void {
    this.#holdMs = Number.isFinite(holdMs) ? Math.max(0, holdMs) : this.#holdMs;
  }

  get holdMs(): number {
    return this.#holdMs;
  }

  /** A DATA packet arrived. Returns the packets released now, in order per flow. */
  push(input: ReassemblyInput, nowMs: number): readonly Uint8Array[] {
    this.#release.released.length = 0;
    this.#accept(input, nowMs);
    this.#progress(input.pathId, input.counter);
    this.#expire(nowMs);
    return this.#release.released;
  }

  /** Any authenticated packet (probes too) arrived on pathId with this counter; it may prove gaps lost. */
  onPathProgress(pathId: PathId, counter: number): readonly Uint8Array[] {
    this.#release.released.length = 0;
    this.#progress(pathId, counter);
    return this.#release.released;
  }

  /** Releases gaps whose hold time ran out by nowMs. */
  poll(nowMs: number): readonly Uint8Array[] {
    this.#release.released.length = 0;
    this.#expire(nowMs);
    return this.#release.released;
  }

  /** When poll next has something to release, or undefined while nothing is held. */
  nextDeadlineMs(): number | undefined {
    return this.#liveTimerTop() === undefined ? undefined : this.#timers.topKey() + this.#holdMs;
  }

  /** Forget per-path counters, for when the caller's counter space restarts; gaps then wait for timeouts. */
  resetPathProgress(): void {
    this.#paths.reset();
  }

  get counters(): ReassemblyCounters {
    this.#counters.heldNow = this.#held.size;
    this.#counters.flowsNow = this.#flows.size;
    return this.#counters;
  }

  #accept(input: ReassemblyInput, nowMs: number): void {
    const seq = toFlowSeq(input.flowSeq);
    const isStart = (input.flags & dataFlags.flowStart) !== 0;
    let flow = this.#flows.get(input.flowId);
    if (flow === undefined) {
      flow = this.#newFlow(input.flowId);
      this.#begin(flow, seq, isStart);
    } else {
      this.#flows.touch(flow);
      if (nowMs - flow.lastArrivalMs >= this.limits.idleResyncMs) {
        this.#resync(flow, seq, isStart ? seq : unknownStart);
      } else if (isStart) {
        this.#startAgain(flow, seq);
      }
    }
    flow.lastArrivalMs = nowMs;
    const slot = flow.slot;
    for (;;) {
      const ahead = flowSeqDiff(seq, flow.nextSeq);
      if (ahead === 0) {
        this.#counters.inOrder++;
        this.#release.deliver(flow, input.packet);
        if (this.#held.countOf(slot) > 0 && flow.firstHeldSeq === flow.nextSeq) this.#settle(flow);
        return;
      }
      if (ahead < 0) {
        if (-ahead > this.limits.historyPackets) {
          this.#resync(flow, seq, unknownStart);
          continue;
        }
        if (this.#release.deliverLate(flow, seq, input.packet)) this.#counters.late++;
        else this.#counters.duplicatesDropped++;
        return;
      }
      if (ahead >= this.limits.maxAheadPackets) {
        this.#resync(flow, seq, unknownStart);
        continue;
      }
      if (this.#held.find(slot, seq) >= 0) {
        this.#counters.duplicatesDropped++;
        return;
      }
      // Make room first; giving a gap up moves the release point, so classify the packet again.
      if (this.#held.countOf(slot) >= this.limits.maxHeldPerFlow) {
        this.#release.skipGap(flow, "releasedForced");
        this.#settle(flow);
        continue;
      }
      if (this.#held.isFull) {
        this.#releaseOldestGap();
        continue;
      }
      this.#hold(flow, seq, input, nowMs);
      return;
    }
  }

  #hold(flow: FlowState, seq: number, input: ReassemblyInput, nowMs: number): void {
    const slot = flow.slot;
    const wasHolding = this.#held.countOf(slot) > 0;
    // The arrival path is always a possible path of the missing packet, whatever the sender's mask says;
    // with no path information at all, any path could carry it, so only the hold time can give it up.
    const arrivalBit = PathProgress.isPathId(input.pathId) ? 1 << input.pathId : 0;
    const pathMask = (input.activePathMask | arrivalBit) >>> 0 || allPathsMask;
    this.#held.add(slot, seq, input.packet, nowMs, input.counter, pathMask);
    this.#counters.reordered++;
    if (!wasHolding || flowSeqDiff(seq, flow.firstHeldSeq) < 0) {
      flow.firstHeldSeq = seq;
      this.#settle(flow);
    }
  }

  /**
   * The gap in front of the flow changed: release what is now in order, give up gaps proven lost, and register
   * the remaining gap with the hold timer and with a path that could still deliver it.
   */
  #settle(flow: FlowState): void {
    const slot = flow.slot;
    flow.epoch++;
    while (this.#held.countOf(slot) > 0) {
      if (flow.firstHeldSeq === flow.nextSeq) {
        this.#release.releaseRun(flow, undefined);
        continue;
      }
      const entry = this.#held.find(slot, flow.firstHeldSeq);
      const counter = this.#held.counterOf(entry);
      const waitPath = this.#paths.unprovenPath(this.#held.pathMaskOf(entry), counter);
      if (waitPath < 0) {
        this.#release.skipGap(flow, "releasedKnownLost");
        continue;
      }
      this.#pushEntry(this.#timers, this.#held.earliestArrivalMs(slot), flow);
      this.#pushEntry(this.#paths.waitsOf(waitPath), counter, flow);
      return;
    }
  }

  /** pathId delivered `counter`: re-examine the flows that were waiting on it. */
  #progress(pathId: PathId, counter: number): void {
    if (!this.#paths.advance(pathId, counter)) return;
    const waits = this.#paths.waitsOf(pathId);
    while (waits.size > 0 && waits.topKey() < counter) {
      const slot = waits.topId();
      const epoch = waits.topStamp();
      const gapCounter = waits.topKey();
      waits.pop();
      if (!this.#isLive(slot, epoch)) continue;
      const flow = this.#flows.bySlot(slot);
      const entry = this.#held.find(slot, flow.firstHeldSeq);
      const nextWait = this.#paths.unprovenPath(this.#held.pathMaskOf(entry), gapCounter);
      if (nextWait >= 0) {
        this.#pushEntry(this.#paths.waitsOf(nextWait), gapCounter, flow);
      } else {
        this.#release.skipGap(flow, "releasedKnownLost");
        this.#settle(flow);
      }
    }
  }

  #expire(nowMs: number): void {
    for (;;) {
      const flow = this.#liveTimerTop();
      if (flow === undefined || this.#timers.topKey() + this.#holdMs > nowMs) return;
      this.#timers.pop();
      this.#release.skipGap(flow, "releasedOnTimeout");
      this.#settle(flow);
    }
  }

  /** Over the total cap: the flow holding the oldest packet gives up its gap. */
  #releaseOldestGap(): void {
    const flow = this.#liveTimerTop();
    if (flow === undefined) return;
    this.#release.skipGap(flow, "releasedForced");
    this.#settle(flow);
  }

  #liveTimerTop(): FlowState | undefined {
    const timers = this.#timers;
    while (timers.size > 0 && !this.#isLive(timers.topId(), timers.topStamp())) timers.pop();
    return timers.size > 0 ? this.#flows.bySlot(timers.topId()) : undefined;
  }

  /**
   * A flow seen for the first time. Its first packet (flowStart) is delivered at once. Seen mid-sequence
   * instead (the start was lost or is still in flight, or this receiver forgot the flow), its packet waits
   * behind a presumed gap, like any gap, so that reordered predecessors still come out in order.
   */
  #begin(flow: FlowState, seq: number, isStart: boolean): void {
    if (isStart) {
      this.#release.restart(flow, seq, seq);
    } else {
      this.#release.restart(flow, flowSeqAdd(seq, -this.#presumedGapPackets), unknownStart);
      flow.presumedGap = true;
    }
  }

  /**
   * A flowStart packet on a known flow: this sequence's own start (late or duplicated), the true start of a
   * flow first seen mid-way, or the sender re-creating the flow at a new seq.
   */
  #startAgain(flow: FlowState, seq: number): void {
    if (seq === flow.startSeq) return; // a duplicate: ordinary handling drops it
    if (flow.startSeq === unknownStart) {
      const ahead = flowSeqDiff(seq, flow.nextSeq);
      if (ahead <= 0) {
        flow.startSeq = seq; // our start, late or just in time: ordinary handling delivers it once
        return;
      }
      const beforeHeld = this.#held.countOf(flow.slot) === 0 || flowSeqDiff(seq, flow.firstHeldSeq) < 0;
      if (flow.presumedGap && beforeHeld) {
        // Nothing precedes a start: the presumed gap was empty.
        flow.nextSeq = seq;
        flow.startSeq = seq;
        flow.presumedGap = false;
        return;
      }
    }
    this.#resync(flow, seq, seq);
  }

  /** The sender's sequence jumped (restart, long loss burst, idle flow): release everything, go on from seq. */
  #resync(flow: FlowState, seq: number, startSeq: number): void {
    this.#counters.resyncs++;
    this.#release.flush(flow);
    this.#release.restart(flow, seq, startSeq);
  }

  #newFlow(flowId: number): FlowState {
    if (this.#flows.isFull) {
      const victim = this.#flows.leastRecent();
      this.#release.flush(victim);
      this.#flows.remove(victim);
      this.#counters.evicted++;
    }
    return this.#flows.create(flowId);
  }

  /** Pushes a registration, compacting the heap when stale entries outnumber live flows. */
  #pushEntry(heap: LazyMinHeap, key: number, flow: FlowState): void {
    heap.push(key, flow.slot, flow.epoch);
    if (heap.size > 2 * this.#flows.size + 64) heap.compact(this.#isLive);
  }
}
