// One path's send queue: a bounded FIFO of opaque items (ciphertext buffers) with their sizes, in two lanes so
// that latency-sensitive packets wait behind the pacer only, never behind queued bulk.

/** A FIFO ring that grows by doubling up to maxItems and never beyond. */
class FifoRing<T> {
  private items: (T | undefined)[];
  private sizes: Float64Array;
  private enqueuedAt: Float64Array;
  private head = 0;
  count = 0;
  bytes = 0;

  constructor(
    readonly capacityLimit: number,
    initialCapacity = 64,
  ) {
    const capacity = Math.min(initialCapacity, capacityLimit);
    this.items = new Array<T | undefined>(capacity);
    this.sizes = new Float64Array(capacity);
    this.enqueuedAt = new Float64Array(capacity);
  }

  push(item: T, sizeBytes: number, nowMs: number): boolean {
    if (this.count >= this.capacityLimit) return false;
    if (this.count === this.items.length) this.grow();
    const slot = (this.head + this.count) % this.items.length;
    this.items[slot] = item;
    this.sizes[slot] = sizeBytes;
    this.enqueuedAt[slot] = nowMs;
    this.count++;
    this.bytes += sizeBytes;
    return true;
  }

  peekSize(): number {
    return this.sizes[this.head]!;
  }

  peekEnqueuedAtMs(): number {
    return this.enqueuedAt[this.head]!;
  }

  shift(): T {
    const item = this.items[this.head] as T;
    this.items[this.head] = undefined;
    this.bytes -= this.sizes[this.head]!;
    this.head = (this.head + 1) % this.items.length;
    this.count--;
    return item;
  }

  private grow(): void {
    const capacity = Math.min(this.items.length * 2, this.capacityLimit);
    const items = new Array<T | undefined>(capacity);
    const sizes = new Float64Array(capacity);
    const enqueuedAt = new Float64Array(capacity);
    for (let i = 0; i < this.count; i++) {
      const from = (this.head + i) % this.items.length;
      items[i] = this.items[from];
      sizes[i] = this.sizes[from]!;
      enqueuedAt[i] = this.enqueuedAt[from]!;
    }
    this.items = items;
    this.sizes = sizes;
    this.enqueuedAt = enqueuedAt;
    this.head = 0;
  }
}

export class PathQueue<T> {
  private readonly urgent: FifoRing<T>;
  private readonly bulk: FifoRing<T>;
  /** Size of the item shift() returned last. */
  lastShiftedBytes = 0;

  constructor(maxItems: number, maxUrgentItems: number) {
    this.urgent = new FifoRing<T>(maxUrgentItems, 16);
    this.bulk = new FifoRing<T>(maxItems);
  }

  get bytes(): number {
    return this.urgent.bytes + this.bulk.bytes;
  }

  get count(): number {
    return this.urgent.count + this.bulk.count;
  }

  hasUrgentRoom(): boolean {
    return this.urgent.count < this.urgent.capacityLimit;
  }

  /** False when the lane is full (the caller drops the item); an urgent item overflows into bulk. */
  push(item: T, sizeBytes: number, urgent: boolean, nowMs: number): boolean {
    if (urgent && this.urgent.push(item, sizeBytes, nowMs)) return true;
    return this.bulk.push(item, sizeBytes, nowMs);
  }

  /** When the next item was queued, if it is a bulk one (urgent items are never dropped for their age). */
  bulkHeadEnqueuedAtMs(): number | undefined {
    return this.urgent.count === 0 && this.bulk.count > 0 ? this.bulk.peekEnqueuedAtMs() : undefined;
  }

  /** Next item's size, or undefined when empty. */
  peekSize(): number | undefined {
    if (this.urgent.count > 0) return this.urgent.peekSize();
    return this.bulk.count > 0 ? this.bulk.peekSize() : undefined;
  }

  /** Removes the next item (urgent first); only call when peekSize() is defined. */
  shift(): T {
    const lane = this.urgent.count > 0 ? this.urgent : this.bulk;
    this.lastShiftedBytes = lane.peekSize();
    return lane.shift();
  }

  drain(release: (item: T) => void): void {
    while (this.count > 0) release(this.shift());
  }
}
