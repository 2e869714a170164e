// Remembers, for the last N sequence numbers behind a flow's release point, which were delivered: a late
// packet whose gap was given up is delivered once, a duplicate never.

import { flowSeqAdd } from "../frames/flow-seq";

export class SeqHistory {
  readonly #bits: Uint32Array;
  readonly #indexMask: number;

  /** sizePackets: a power of two ≥ 32 (it must divide the flowSeq space so indexes survive the wrap). */
  constructor(sizePackets: number) {
    this.#bits = new Uint32Array(sizePackets / 32);
    this.#indexMask = sizePackets - 1;
  }

  get sizePackets(): number {
    return this.#indexMask + 1;
  }

  /** Forget everything: every seq behind the release point counts as not delivered (a late packet gets in once). */
  reset(): void {
    this.#bits.fill(0);
  }

  wasDelivered(seq: number): boolean {
    const index = seq & this.#indexMask;
    return (this.#bits[index >>> 5]! & (1 << (index & 31))) !== 0;
  }

  markDelivered(seq: number): void {
    const index = seq & this.#indexMask;
    this.#bits[index >>> 5]! |= 1 << (index & 31);
  }

  /** Marks count seqs from fromSeq as given up (not delivered). */
  markSkipped(fromSeq: number, count: number): void {
    if (count >= this.sizePackets) {
      this.reset();
      return;
    }
    let seq = fromSeq;
    let left = count;
    while (left > 0) {
      const index = seq & this.#indexMask;
      const bit = index & 31;
      if (bit === 0 && left >= 32) {
        this.#bits[index >>> 5] = 0;
        seq = flowSeqAdd(seq, 32);
        left -= 32;
      } else {
        this.#bits[index >>> 5]! &= ~(1 << bit);
        seq = flowSeqAdd(seq, 1);
        left--;
      }
    }
  }
}
