// Packets held behind a gap, for all flows: a fixed-capacity slab with O(1) lookup by (flow, seq) and, per flow,
// arrival order (its head is the earliest arrival, from which the flow's hold deadline is measured).

import { flowSeqModulus } from "../frames/flow-seq";

const none = -1;

export class HeldPackets {
  readonly capacity: number;
  readonly #packets: (Uint8Array | undefined)[];
  readonly #seq: Int32Array;
  readonly #flowSlot: Int32Array;
  readonly #arrivalMs: Float64Array;
  readonly #counter: Float64Array;
  readonly #pathMask: Uint32Array;
  readonly #arrivalPrev: Int32Array;
  readonly #arrivalNext: Int32Array;
  readonly #free: Int32Array;
  #freeCount: number;
  /** (flowSlot × 2^24 + seq) → entry; flow slots are small, so the key stays a safe integer. */
  readonly #index = new Map<number, number>();
  readonly #flowCount: Int32Array;
  readonly #flowHead: Int32Array;
  readonly #flowTail: Int32Array;

  constructor(capacity: number, maxFlows: number) {
    this.capacity = capacity;
    this.#packets = new Array<Uint8Array | undefined>(capacity).fill(undefined);
    this.#seq = new Int32Array(capacity);
    this.#flowSlot = new Int32Array(capacity);
    this.#arrivalMs = new Float64Array(capacity);
    this.#counter = new Float64Array(capacity);
    this.#pathMask = new Uint32Array(capacity);
    this.#arrivalPrev = new Int32Array(capacity);
    this.#arrivalNext = new Int32Array(capacity);
    this.#free = new Int32Array(capacity);
    for (let i = 0; i < capacity; i++) this.#free[i] = capacity - 1 - i;
    this.#freeCount = capacity;
    this.#flowCount = new Int32Array(maxFlows);
    this.#flowHead = new Int32Array(maxFlows).fill(none);
    this.#flowTail = new Int32Array(maxFlows).fill(none);
  }

  get size(): number {
    return this.capacity - this.#freeCount;
  }

  get isFull(): boolean {
    return this.#freeCount === 0;
  }

  countOf(flowSlot: number): number {
    return this.#flowCount[flowSlot]!;
  }

  /** The entry holding (flowSlot, seq), or -1. */
  find(flowSlot: number, seq: number): number {
    return this.#index.get(flowSlot * flowSeqModulus + seq) ?? none;
  }

  /** Holds a packet; the caller checks isFull first. Returns the entry. */
  add(
    flowSlot: number,
    seq: number,
    packet: Uint8Array,
    arrivalMs: number,
    counter: number,
    pathMask: number,
  ): number {
    const entry = this.#free[--this.#freeCount]!;
    this.#packets[entry] = packet;
    this.#seq[entry] = seq;
    this.#flowSlot[entry] = flowSlot;
    this.#arrivalMs[entry] = arrivalMs;
    this.#counter[entry] = counter;
    this.#pathMask[entry] = pathMask;
    this.#index.set(flowSlot * flowSeqModulus + seq, entry);
    const tail = this.#flowTail[flowSlot]!;
    this.#arrivalPrev[entry] = tail;
    this.#arrivalNext[entry] = none;
    if (tail === none) this.#flowHead[flowSlot] = entry;
    else this.#arrivalNext[tail] = entry;
    this.#flowTail[flowSlot] = entry;
    this.#flowCount[flowSlot]!++;
    return entry;
  }

  /** Removes the entry and hands its packet back. */
  take(entry: number): Uint8Array {
    const packet = this.#packets[entry]!;
    const flowSlot = this.#flowSlot[entry]!;
    this.#packets[entry] = undefined;
    this.#index.delete(flowSlot * flowSeqModulus + this.#seq[entry]!);
    const prev = this.#arrivalPrev[entry]!;
    const next = this.#arrivalNext[entry]!;
    if (prev === none) this.#flowHead[flowSlot] = next;
    else this.#arrivalNext[prev] = next;
    if (next === none) this.#flowTail[flowSlot] = prev;
    else this.#arrivalPrev[next] = prev;
    this.#flowCount[flowSlot]!--;
    this.#free[this.#freeCount++] = entry;
    return packet;
  }

  /** Arrival time of the flow's earliest-arrived held packet; only meaningful when countOf > 0. */
  earliestArrivalMs(flowSlot: number): number {
    return this.#arrivalMs[this.#flowHead[flowSlot]!]!;
  }

  /** Seq of the flow's earliest-arrived held packet; only meaningful when countOf > 0. */
  earliestArrivalSeq(flowSlot: number): number {
    return this.#seq[this.#flowHead[flowSlot]!]!;
  }

  counterOf(entry: number): number {
    return this.#counter[entry]!;
  }

  pathMaskOf(entry: number): number {
    return this.#pathMask[entry]!;
  }
}
