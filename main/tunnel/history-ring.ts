// A bounded ring of timestamped entries: keeps at most `capacity` and nothing older than `windowMs` behind the newest.

export class HistoryRing<T extends { readonly atMs: number }> {
  private readonly slots: (T | undefined)[];
  /** Index of the oldest entry. */
  private head = 0;
  private count = 0;

  constructor(
    private readonly capacity: number,
    private readonly windowMs: number,
  ) {
    if (!Number.isInteger(capacity) || capacity < 1)
      throw new RangeError(`capacity must be >= 1, got ${capacity}`);
    this.slots = new Array<T | undefined>(capacity);
  }

  get size(): number {
    return this.count;
  }

  push(entry: T): void {
    if (this.count === this.capacity) {
      this.slots[this.head] = entry;
      this.head = (this.head + 1) % this.capacity;
    } else {
      this.slots[(this.head + this.count) % this.capacity] = entry;
      this.count += 1;
    }
    this.dropOlderThan(entry.atMs - this.windowMs);
  }

  /** Oldest first. */
  toArray(): T[] {
    const out: T[] = [];
    for (let i = 0; i < this.count; i++) {
      const entry = this.slots[(this.head + i) % this.capacity];
      if (entry) out.push(entry);
    }
    return out;
  }

  private dropOlderThan(cutoffMs: number): void {
    while (this.count > 0) {
      const oldest = this.slots[this.head];
      if (!oldest || oldest.atMs >= cutoffMs) return;
      this.slots[this.head] = undefined;
      this.head = (this.head + 1) % this.capacity;
      this.count -= 1;
    }
  }
}
