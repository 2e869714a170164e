// The emulator's timing core for one direction of one link: when each packet leaves, and which are dropped.
// Pure (clock and randomness come in), so it is tested without root; link-emulator.ts moves real packets with it.

export interface LinkShape {
  readonly rateBitsPerSec: number;
  readonly delayMs: number;
  readonly jitterMs: number;
  readonly lossRatio: number;
  /** The bottleneck queue, in time at the link's rate: a packet that would wait longer is dropped (tail drop). */
  readonly queueMs: number;
}

export type DropReason = "down" | "queue" | "loss";

export type OfferResult =
  | { readonly kind: "queued"; readonly deliverAtMs: number }
  | { readonly kind: "dropped"; readonly reason: DropReason };

export interface DirectionCounters {
  offeredPackets: number;
  deliveredPackets: number;
  deliveredBytes: number;
  dropped: Record<DropReason, number>;
  /** Sum of (delivery - arrival) over delivered packets, for the mean one-way time including queueing. */
  sojournMsSum: number;
}

interface Pending<T> {
  readonly packet: T;
  readonly sizeBytes: number;
  readonly arrivedMs: number;
  readonly deliverAtMs: number;
}

export class LinkDirection<T> {
  private shape: LinkShape;
  private up = true;
  /** When the serializer finishes the last admitted packet. */
  private busyUntilMs = 0;
  private lastDeliverAtMs = 0;
  /** Jitter wanders toward a random target at half real time, so delivery times never run backwards: no reordering. */
  private jitterOffsetMs = 0;
  private jitterTargetMs = 0;
  private jitterAtMs = 0;
  private readonly fifo: Pending<T>[] = [];
  private head = 0;
  readonly counters: DirectionCounters = {
    offeredPackets: 0,
    deliveredPackets: 0,
    deliveredBytes: 0,
    dropped: { down: 0, queue: 0, loss: 0 },
    sojournMsSum: 0,
  };

  constructor(
    shape: LinkShape,
    private readonly random: () => number,
  ) {
    this.shape = shape;
  }

  reshape(changes: Partial<LinkShape>): void {
    this.shape = { ...this.shape, ...changes };
  }

  /** A link going down loses what is in flight on it, as a cut cable does. */
  setUp(up: boolean): void {
    this.up = up;
    if (!up) {
      this.counters.dropped.down += this.fifo.length - this.head;
      this.fifo.length = 0;
      this.head = 0;
    }
  }

  get isUp(): boolean {
    return this.up;
  }

  offer(packet: T, sizeBytes: number, nowMs: number): OfferResult {
    this.counters.offeredPackets += 1;
    if (!this.up) return this.drop("down");
    const startMs = Math.max(nowMs, this.busyUntilMs);
    if (startMs - nowMs > this.shape.queueMs) return this.drop("queue");
    this.busyUntilMs = startMs + (sizeBytes * 8 * 1000) / this.shape.rateBitsPerSec;
    // A lost packet still used the link's capacity, as on a lossy radio.
    if (this.shape.lossRatio > 0 && this.random() < this.shape.lossRatio) return this.drop("loss");
    const deliverAtMs = Math.max(
      this.busyUntilMs + this.shape.delayMs + this.jitterAt(this.busyUntilMs),
      this.lastDeliverAtMs,
    );
    this.lastDeliverAtMs = deliverAtMs;
    this.fifo.push({ packet, sizeBytes, arrivedMs: nowMs, deliverAtMs });
    return { kind: "queued", deliverAtMs };
  }

  /** When the next packet is due, or undefined when none waits. */
  nextDueMs(): number | undefined {
    return this.fifo[this.head]?.deliverAtMs;
  }

  /** Hands every packet due by nowMs to deliver, in order. */
  release(nowMs: number, deliver: (packet: T) => void): void {
    while (this.head < this.fifo.length) {
      const next = this.fifo[this.head]!;
      if (next.deliverAtMs > nowMs) break;
      this.head += 1;
      this.counters.deliveredPackets += 1;
      this.counters.deliveredBytes += next.sizeBytes;
      this.counters.sojournMsSum += next.deliverAtMs - next.arrivedMs;
      deliver(next.packet);
    }
    if (this.head > 1024 && this.head * 2 > this.fifo.length) {
      this.fifo.splice(0, this.head);
      this.head = 0;
    }
  }

  private drop(reason: DropReason): OfferResult {
    this.counters.dropped[reason] += 1;
    return { kind: "dropped", reason };
  }

  private jitterAt(atMs: number): number {
    const jitterMs = this.shape.jitterMs;
    if (jitterMs <= 0) return 0;
    const elapsedMs = Math.max(0, atMs - this.jitterAtMs);
    this.jitterAtMs = Math.max(this.jitterAtMs, atMs);
    const stepMs = elapsedMs / 2;
    const gapMs = this.jitterTargetMs - this.jitterOffsetMs;
    if (Math.abs(gapMs) <= stepMs) {
      this.jitterOffsetMs = this.jitterTargetMs;
      this.jitterTargetMs = (this.random() * 2 - 1) * jitterMs;
    } else {
      this.jitterOffsetMs += Math.sign(gapMs) * stepMs;
    }
    return this.jitterOffsetMs;
  }
}
