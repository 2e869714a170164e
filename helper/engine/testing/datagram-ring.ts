// FIFO of datagrams, each with a timestamp, on a growable ring so a link's per-packet path allocates nothing.

const initialCapacity = 64;

export class DatagramRing {
  private datagrams: (Uint8Array | undefined)[] = new Array(initialCapacity);
  private atMs = new Float64Array(initialCapacity);
  private head = 0;
  private count = 0;

  get length(): number {
    return this.count;
  }

  push(datagram: Uint8Array, atMs: number): void {
    if (this.count === this.datagrams.length) this.grow();
    const index = (this.head + this.count) & (this.datagrams.length - 1);
    this.datagrams[index] = datagram;
    this.atMs[index] = atMs;
    this.count++;
  }

  /** Timestamp of the oldest entry; only meaningful when length > 0. */
  peekAtMs(): number {
    return this.atMs[this.head]!;
  }

  /** Removes and returns the oldest datagram; only call when length > 0. */
  shift(): Uint8Array {
    const datagram = this.datagrams[this.head]!;
    this.datagrams[this.head] = undefined;
    this.head = (this.head + 1) & (this.datagrams.length - 1);
    this.count--;
    return datagram;
  }

  clear(): void {
    this.datagrams.fill(undefined);
    this.head = 0;
    this.count = 0;
  }

  private grow(): void {
    const capacity = this.datagrams.length;
    const datagrams: (Uint8Array | undefined)[] = new Array(capacity * 2);
    const atMs = new Float64Array(capacity * 2);
    for (let i = 0; i < this.count; i++) {
      const from = (this.head + i) & (capacity - 1);
      datagrams[i] = this.datagrams[from];
      atMs[i] = this.atMs[from]!;
    }
    this.datagrams = datagrams;
    this.atMs = atMs;
    this.head = 0;
  }
}
