// The receiver's per-flow reorder state, capped in number, with least-recently-active order for eviction;
// flow objects and their history bitmaps are reused, so flow churn allocates nothing once warm.

import { SeqHistory } from "./seq-history";

const none = -1;

export class FlowState {
  /** Stable small index used by the held-packet store and the heaps. */
  readonly slot: number;
  readonly history: SeqHistory;
  flowId = 0;
  /** Lowest seq neither delivered nor given up: the release point. */
  nextSeq = 0;
  /** Lowest held seq (the packet right after the gap in front); valid while the flow holds packets. */
  firstHeldSeq = 0;
  /** Bumped whenever the gap in front changes, invalidating the flow's heap entries. Never reset. */
  epoch = 0;
  lastArrivalMs = 0;
  /** Seq of the flowStart packet that began the current sequence, or -1 while unknown. */
  startSeq = -1;
  /** First seen mid-sequence: the gap in front of nextSeq is presumed, not known (its seqs may never exist). */
  presumedGap = false;
  inUse = false;
  lruPrev = none;
  lruNext = none;

  constructor(slot: number, historyPackets: number) {
    this.slot = slot;
    this.history = new SeqHistory(historyPackets);
  }
}

export class FlowTable {
  readonly maxFlows: number;
  readonly #historyPackets: number;
  readonly #byId = new Map<number, FlowState>();
  readonly #slots: FlowState[] = [];
  readonly #freeSlots: number[] = [];
  #lruHead = none;
  #lruTail = none;

  constructor(maxFlows: number, historyPackets: number) {
    this.maxFlows = maxFlows;
    this.#historyPackets = historyPackets;
  }

  get size(): number {
    return this.#byId.size;
  }

  get isFull(): boolean {
    return this.#byId.size >= this.maxFlows;
  }

  get(flowId: number): FlowState | undefined {
    return this.#byId.get(flowId);
  }

  bySlot(slot: number): FlowState {
    return this.#slots[slot]!;
  }

  /** The least recently active flow; only meaningful when size > 0. */
  leastRecent(): FlowState {
    return this.#slots[this.#lruHead]!;
  }

  /** Adds a flow (the caller evicts first when isFull); its reorder state is for the caller to set. */
  create(flowId: number): FlowState {
    const slot = this.#freeSlots.pop();
    let flow: FlowState;
    if (slot === undefined) {
      flow = new FlowState(this.#slots.length, this.#historyPackets);
      this.#slots.push(flow);
    } else {
      flow = this.#slots[slot]!;
    }
    flow.flowId = flowId;
    flow.inUse = true;
    flow.epoch++;
    this.#byId.set(flowId, flow);
    this.#linkAtTail(flow);
    return flow;
  }

  /** Marks the flow most recently active. */
  touch(flow: FlowState): void {
    if (this.#lruTail === flow.slot) return;
    this.#unlink(flow);
    this.#linkAtTail(flow);
  }

  remove(flow: FlowState): void {
    this.#unlink(flow);
    this.#byId.delete(flow.flowId);
    flow.inUse = false;
    flow.epoch++;
    this.#freeSlots.push(flow.slot);
  }

  #linkAtTail(flow: FlowState): void {
    flow.lruPrev = this.#lruTail;
    flow.lruNext = none;
    if (this.#lruTail === none) this.#lruHead = flow.slot;
    else this.#slots[this.#lruTail]!.lruNext = flow.slot;
    this.#lruTail = flow.slot;
  }

  #unlink(flow: FlowState): void {
    if (flow.lruPrev === none) this.#lruHead = flow.lruNext;
    else this.#slots[flow.lruPrev]!.lruNext = flow.lruNext;
    if (flow.lruNext === none) this.#lruTail = flow.lruPrev;
    else this.#slots[flow.lruNext]!.lruPrev = flow.lruPrev;
    flow.lruPrev = none;
    flow.lruNext = none;
  }
}
