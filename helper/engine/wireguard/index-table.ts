// Receiver-index table: maps the random 32-bit indices we hand out to the handshake or keypair they name.

import type { RandomSource } from "../ports";
import type { Keypair } from "./keypair";

export type IndexEntry<P> =
  | { readonly kind: "handshake"; readonly peer: P }
  | { readonly kind: "keypair"; readonly peer: P; readonly keypair: Keypair };

const maxAttempts = 64;

/**
 * Indices are random (an observer cannot count sessions) and unique. Each peer holds at most one handshake
 * and three keypairs, so capacity = 4 per peer bounds the table; allocation fails only if that is exceeded.
 */
export class IndexTable<P> {
  private readonly entries = new Map<number, IndexEntry<P>>();
  private readonly scratch = new Uint8Array(4);

  constructor(
    private readonly random: RandomSource,
    private readonly capacity: number,
  ) {}

  get size(): number {
    return this.entries.size;
  }

  /** A new unused non-zero index bound to entry, or undefined when the table is full. */
  allocate(entry: IndexEntry<P>): number | undefined {
    if (this.entries.size >= this.capacity) return undefined;
    for (let attempt = 0; attempt < maxAttempts; attempt++) {
      this.random.fill(this.scratch);
      const s = this.scratch;
      const index = (s[0]! | (s[1]! << 8) | (s[2]! << 16) | (s[3]! << 24)) >>> 0;
      if (index !== 0 && !this.entries.has(index)) {
        this.entries.set(index, entry);
        return index;
      }
    }
    return undefined;
  }

  /** Rebinds an index (a handshake's index becomes its keypair's, as the peer already knows it). */
  replace(index: number, entry: IndexEntry<P>): void {
    if (this.entries.has(index)) this.entries.set(index, entry);
  }

  get(index: number): IndexEntry<P> | undefined {
    return this.entries.get(index);
  }

  delete(index: number): void {
    this.entries.delete(index);
  }
}
