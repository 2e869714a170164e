// Binary min-heap of (key, id, stamp) entries with lazy invalidation: owners bump a stamp instead of deleting,
// skip stale entries when they reach the top, and compact when stale entries pile up.

export class LazyMinHeap {
  #keys = new Float64Array(16);
  #ids = new Int32Array(16);
  #stamps = new Float64Array(16);
  #size = 0;

  get size(): number {
    return this.#size;
  }

  /** Key of the smallest entry; only meaningful when size > 0. */
  topKey(): number {
    return this.#keys[0]!;
  }

  topId(): number {
    return this.#ids[0]!;
  }

  topStamp(): number {
    return this.#stamps[0]!;
  }

  push(key: number, id: number, stamp: number): void {
    if (this.#size === this.#keys.length) this.#grow();
    this.#place(this.#size, key, id, stamp);
    this.#size++;
    this.#siftUp(this.#size - 1);
  }

  pop(): void {
    if (this.#size === 0) return;
    this.#size--;
    if (this.#size > 0) {
      this.#place(0, this.#keys[this.#size]!, this.#ids[this.#size]!, this.#stamps[this.#size]!);
      this.#siftDown(0);
    }
  }

  /** Keeps only the entries isLive accepts (O(size)). */
  compact(isLive: (id: number, stamp: number) => boolean): void {
    let kept = 0;
    for (let i = 0; i < this.#size; i++) {
      if (isLive(this.#ids[i]!, this.#stamps[i]!)) {
        this.#place(kept++, this.#keys[i]!, this.#ids[i]!, this.#stamps[i]!);
      }
    }
    this.#size = kept;
    for (let i = (kept >>> 1) - 1; i >= 0; i--) this.#siftDown(i);
  }

  clear(): void {
    this.#size = 0;
  }

  #place(index: number, key: number, id: number, stamp: number): void {
    this.#keys[index] = key;
    this.#ids[index] = id;
    this.#stamps[index] = stamp;
  }

  #swap(a: number, b: number): void {
    const key = this.#keys[a]!;
    const id = this.#ids[a]!;
    const stamp = this.#stamps[a]!;
    this.#place(a, this.#keys[b]!, this.#ids[b]!, this.#stamps[b]!);
    this.#place(b, key, id, stamp);
  }

  #siftUp(start: number): void {
    let i = start;
    while (i > 0) {
      const parent = (i - 1) >>> 1;
      if (this.#keys[parent]! <= this.#keys[i]!) return;
      this.#swap(i, parent);
      i = parent;
    }
  }

  #siftDown(start: number): void {
    let i = start;
    for (;;) {
      const left = 2 * i + 1;
      if (left >= this.#size) return;
      const right = left + 1;
      const smaller = right < this.#size && this.#keys[right]! < this.#keys[left]! ? right : left;
      if (this.#keys[i]! <= this.#keys[smaller]!) return;
      this.#swap(i, smaller);
      i = smaller;
    }
  }

  #grow(): void {
    const capacity = this.#keys.length * 2;
    const keys = new Float64Array(capacity);
    const ids = new Int32Array(capacity);
    const stamps = new Float64Array(capacity);
    keys.set(this.#keys);
    ids.set(this.#ids);
    stamps.set(this.#stamps);
    this.#keys = keys;
    this.#ids = ids;
    this.#stamps = stamps;
  }
}
