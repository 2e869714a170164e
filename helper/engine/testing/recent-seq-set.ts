// Remembers which of the most recent sequence numbers were seen, in fixed memory, for duplicate and hole tracking.

/**
 * Slot seq mod capacity holds the last seq stored there, so membership is exact for any seq (up to 2^53) and
 * older numbers are simply forgotten once capacity newer ones share their slots.
 */
export class RecentSeqSet {
  private readonly seqs: Float64Array;
  private readonly mask: number;

  /** capacity is rounded up to a power of two; it must cover the widest span of seqs tracked at once. */
  constructor(capacity: number) {
    const size = 2 ** Math.ceil(Math.log2(Math.max(capacity, 2)));
    this.seqs = new Float64Array(size).fill(-1);
    this.mask = size - 1;
  }

  has(seq: number): boolean {
    return this.seqs[seq & this.mask] === seq;
  }

  add(seq: number): void {
    this.seqs[seq & this.mask] = seq;
  }
}
