// Sender side of per-flow ordering: the next flowSeq of each flow, bounded, so the receiver can reorder flow by flow.
import { flowSeqAdd } from "../frames/flow-seq";

export interface FlowSlot {
  readonly seq: number;
  /** First packet of the flow as far as this sender knows: the receiver resyncs instead of waiting for earlier seqs. */
  readonly isStart: boolean;
}

/**
 * Map iteration order is insertion order, so deleting and re-inserting on use keeps the least recently used flow
 * first: evicting it costs O(1). An evicted flow that comes back starts again with isStart set.
 */
export class FlowSequencer {
  private readonly nextSeqByFlow = new Map<number, number>();
  private readonly slot = { seq: 0, isStart: false };

  constructor(private readonly maxFlows = 8192) {}

  /** Returns a reused object: read it before the next call. */
  next(flowId: number): FlowSlot {
    const known = this.nextSeqByFlow.get(flowId);
    if (known === undefined) {
      if (this.nextSeqByFlow.size >= this.maxFlows) {
        const oldest = this.nextSeqByFlow.keys().next().value;
        if (oldest !== undefined) this.nextSeqByFlow.delete(oldest);
      }
      this.slot.seq = 0;
      this.slot.isStart = true;
    } else {
      this.nextSeqByFlow.delete(flowId);
      this.slot.seq = known;
      this.slot.isStart = false;
    }
    this.nextSeqByFlow.set(flowId, flowSeqAdd(this.slot.seq, 1));
    return this.slot;
  }

  get flows(): number {
    return this.nextSeqByFlow.size;
  }
}
