// Sliding anti-replay window (RFC 6479 bitmap ring, as wireguard-go's replay.Filter) for transport counters.

import { rejectAfterMessages } from "./constants";

const blockBits = 64;
const ringBlocks = 128;
/** Counters this far behind the highest seen are still accepted once: (128 - 1) * 64 = 8128. */
export const replayWindowSize = (ringBlocks - 1) * blockBits;

/**
 * A ring of 128 64-bit blocks (stored as pairs of 32-bit words). Moving forward clears only the blocks skipped,
 * so validation is O(1) amortised. Call validate() only after the packet authenticated: forged counters must not
 * move the window.
 */
export class ReplayWindow {
  private readonly words = new Uint32Array(ringBlocks * 2);
  private last = 0;

  /** True exactly once per counter below limit that is inside the window. */
  validate(counter: number, limit: number = rejectAfterMessages): boolean {
    if (!(counter >= 0 && counter < limit)) return false;
    const block = Math.floor(counter / blockBits);
    if (counter > this.last) {
      const currentBlock = Math.floor(this.last / blockBits);
      const advance = Math.min(block - currentBlock, ringBlocks);
      for (let i = currentBlock + 1; i <= currentBlock + advance; i++) {
        const slot = (i % ringBlocks) * 2;
        this.words[slot] = 0;
        this.words[slot + 1] = 0;
      }
      this.last = counter;
    } else if (this.last - counter > replayWindowSize) {
      return false;
    }
    const bit = counter % blockBits;
    const word = (block % ringBlocks) * 2 + (bit >> 5);
    const mask = 1 << (bit & 31);
    const old = this.words[word]!;
    if ((old & mask) !== 0) return false;
    this.words[word] = old | mask;
    return true;
  }
}
