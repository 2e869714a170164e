// Discrete-event scheduler in simulated milliseconds: the single source of time and ordering for a simulation.

import type { Clock } from "../ports";

/** Names one scheduled event so it can be cancelled; stale handles (already run or cancelled) are harmless. */
export type EventHandle = number & { readonly __brand: "EventHandle" };

type StoredCallback = (arg: never) => void;

// A handle packs (generation, slot) into one safe integer so scheduling allocates no handle object.
const slotLimit = 2 ** 24;
const generationLimit = 2 ** 29;
const initialCapacity = 1024;
// Cancelled events stay in the heap until popped; rebuild once they are this many and over half of it.
const compactionFloor = 4096;

/**
 * Events run in (atMs, insertion order): two events for the same instant run in the order they were scheduled,
 * so a run is a pure function of its inputs. Storage is struct-of-arrays indexed by slot, recycled through a
 * free list, so the per-event cost is a few typed-array writes and no garbage beyond the caller's callback.
 */
export class EventLoop implements Clock {
  private currentMs = 0;
  private nextSeq = 0;
  private processed = 0;
  private running = false;

  private heap = new Int32Array(initialCapacity);
  private heapSize = 0;
  private cancelledInHeap = 0;

  private atMsBySlot = new Float64Array(initialCapacity);
  private seqBySlot = new Float64Array(initialCapacity);
  private generationBySlot = new Uint32Array(initialCapacity);
  private readonly callbackBySlot: (StoredCallback | undefined)[] = [];
  private readonly argBySlot: unknown[] = [];
  private freeSlots = new Int32Array(initialCapacity);
  private freeCount = 0;
  private slotCount = 0;

  /** Simulated time of the event being run, or the time runUntil last reached. */
  nowMs(): number {
    return this.currentMs;
  }

  /** Events run so far (cancelled ones excluded); for events-per-second figures. */
  get eventsProcessed(): number {
    return this.processed;
  }

  /** Events waiting to run (cancelled ones excluded). */
  get pendingEvents(): number {
    return this.heapSize - this.cancelledInHeap;
  }

  /**
   * Runs callback(arg) at atMs. Passing a long-lived callback plus an argument avoids allocating a closure per
   * event on hot paths. A time in the past runs at the current time, after events already due then.
   */
  schedule(atMs: number, callback: () => void): EventHandle;
  schedule<T>(atMs: number, callback: (arg: T) => void, arg: T): EventHandle;
  schedule(atMs: number, callback: StoredCallback, arg?: unknown): EventHandle {
    if (Number.isNaN(atMs)) throw new RangeError("EventLoop.schedule: atMs is NaN; pass a finite time in ms");
    const slot = this.allocateSlot();
    this.atMsBySlot[slot] = Math.max(atMs, this.currentMs);
    this.seqBySlot[slot] = this.nextSeq++;
    this.callbackBySlot[slot] = callback;
    this.argBySlot[slot] = arg;
    this.heapPush(slot);
    return (this.generationBySlot[slot]! * slotLimit + slot) as EventHandle;
  }

  /** Runs callback(arg) delayMs after now. */
  after(delayMs: number, callback: () => void): EventHandle;
  after<T>(delayMs: number, callback: (arg: T) => void, arg: T): EventHandle;
  after(delayMs: number, callback: StoredCallback, arg?: unknown): EventHandle {
    return this.schedule(this.currentMs + delayMs, callback as (arg: unknown) => void, arg);
  }

  /** Cancels a pending event; returns false if it already ran or was cancelled. */
  cancel(handle: EventHandle): boolean {
    const slot = handle % slotLimit;
    const generation = (handle - slot) / slotLimit;
    if (slot >= this.slotCount || this.generationBySlot[slot] !== generation) return false;
    if (this.callbackBySlot[slot] === undefined) return false;
    this.callbackBySlot[slot] = undefined;
    this.argBySlot[slot] = undefined;
    this.cancelledInHeap++;
    if (this.cancelledInHeap > compactionFloor && this.cancelledInHeap * 2 > this.heapSize) this.compact();
    return true;
  }

  /** Runs every event due at or before atMs, in order, then leaves the clock at atMs. */
  runUntil(atMs: number): void {
    if (this.running) throw new Error("EventLoop.runUntil called from inside an event; schedule instead");
    this.running = true;
    try {
      while (this.heapSize > 0) {
        const slot = this.heap[0]!;
        const slotAtMs = this.atMsBySlot[slot]!;
        if (slotAtMs > atMs) break;
        this.heapPopTop();
        const callback = this.callbackBySlot[slot];
        const arg = this.argBySlot[slot];
        this.releaseSlot(slot);
        if (callback === undefined) {
          this.cancelledInHeap--;
          continue;
        }
        this.currentMs = slotAtMs;
        this.processed++;
        callback(arg as never);
      }
      if (atMs > this.currentMs) this.currentMs = atMs;
    } finally {
      this.running = false;
    }
  }

  private allocateSlot(): number {
    if (this.freeCount > 0) return this.freeSlots[--this.freeCount]!;
    const slot = this.slotCount++;
    if (slot >= slotLimit) throw new RangeError(`EventLoop: more than ${slotLimit} events pending at once`);
    if (slot >= this.atMsBySlot.length) this.growSlots();
    return slot;
  }

  private releaseSlot(slot: number): void {
    this.callbackBySlot[slot] = undefined;
    this.argBySlot[slot] = undefined;
    this.generationBySlot[slot] = (this.generationBySlot[slot]! + 1) % generationLimit;
    if (this.freeCount >= this.freeSlots.length) this.freeSlots = grow(this.freeSlots, Int32Array);
    this.freeSlots[this.freeCount++] = slot;
  }

  private growSlots(): void {
    this.atMsBySlot = grow(this.atMsBySlot, Float64Array);
    this.seqBySlot = grow(this.seqBySlot, Float64Array);
    this.generationBySlot = grow(this.generationBySlot, Uint32Array);
  }

  private before(a: number, b: number): boolean {
    const atA = this.atMsBySlot[a]!;
    const atB = this.atMsBySlot[b]!;
    return atA < atB || (atA === atB && this.seqBySlot[a]! < this.seqBySlot[b]!);
  }

  private heapPush(slot: number): void {
    if (this.heapSize >= this.heap.length) this.heap = grow(this.heap, Int32Array);
    this.siftUp(this.heapSize++, slot);
  }

  private heapPopTop(): void {
    const last = this.heap[--this.heapSize]!;
    if (this.heapSize > 0) this.siftDown(0, last);
  }

  private siftUp(start: number, slot: number): void {
    const heap = this.heap;
    let index = start;
    while (index > 0) {
      const parentIndex = (index - 1) >> 1;
      const parent = heap[parentIndex]!;
      if (!this.before(slot, parent)) break;
      heap[index] = parent;
      index = parentIndex;
    }
    heap[index] = slot;
  }

  private siftDown(start: number, slot: number): void {
    const heap = this.heap;
    const size = this.heapSize;
    let index = start;
    for (;;) {
      let child = 2 * index + 1;
      if (child >= size) break;
      if (child + 1 < size && this.before(heap[child + 1]!, heap[child]!)) child++;
      if (!this.before(heap[child]!, slot)) break;
      heap[index] = heap[child]!;
      index = child;
    }
    heap[index] = slot;
  }

  /** Drops cancelled entries and re-heapifies, so cancel-heavy callers cannot make the heap grow without bound. */
  private compact(): void {
    let kept = 0;
    for (let i = 0; i < this.heapSize; i++) {
      const slot = this.heap[i]!;
      if (this.callbackBySlot[slot] === undefined) this.releaseSlot(slot);
      else this.heap[kept++] = slot;
    }
    this.heapSize = kept;
    this.cancelledInHeap = 0;
    for (let i = (kept >> 1) - 1; i >= 0; i--) this.siftDown(i, this.heap[i]!);
  }
}

type TypedArray = Int32Array | Uint32Array | Float64Array;

function grow<A extends TypedArray>(array: A, make: new (length: number) => A): A {
  const bigger = new make(array.length * 2);
  bigger.set(array);
  return bigger;
}
