// One direction of a simulated network path: a rate-limited bottleneck with queue, delay, jitter, loss, outages.

import { DatagramRing } from "./datagram-ring";
import type { EventHandle, EventLoop } from "./event-loop";
import { RunningStats } from "./sample-stats";
import type { SeededRandom } from "./seeded-random";

/**
 * Model, in the order a datagram meets it:
 * 1. While the link is down every send is dropped ("link-down").
 * 2. Tail-drop queue: a datagram that finds the transmitter busy waits if the waiting bytes (the one being
 *    serialised is not counted) stay within queueBytes, else it is dropped ("queue-full").
 * 3. Serialisation at rateBitsPerSec; the wire size is the datagram plus wireOverheadBytes (the outer IPv4+UDP
 *    headers the simulator does not materialise), so rates compare with a real shaped link.
 * 4. Random loss after serialisation ("random-loss"): a lost datagram still used the link, as on radio.
 * 5. Propagation: delayMs is the minimum one-way delay; jitter adds |N(0, jitterMs)| (half-normal, mean about
 *    0.8 x jitterMs, never negative). By default the link is FIFO like nearly every real link: a datagram never
 *    overtakes the one before, so a large jitter draw also holds back those behind it. With reorder: true each
 *    datagram keeps its own draw and may overtake.
 * 6. Going down loses everything queued, being serialised and in flight ("outage"); up resumes with an empty link.
 */
export interface SimLinkConfig {
  readonly name: string;
  readonly rateBitsPerSec: number;
  readonly delayMs: number;
  readonly jitterMs: number;
  readonly lossRatio: number;
  readonly queueBytes: number;
  readonly wireOverheadBytes: number;
  readonly reorder: boolean;
}

export type LinkDropReason = "link-down" | "queue-full" | "random-loss" | "outage";

export interface SimLinkCounters {
  sentPackets: number;
  sentBytes: number;
  deliveredPackets: number;
  deliveredBytes: number;
  /** Packets dropped, by reason. */
  readonly droppedPackets: Record<LinkDropReason, number>;
  /** Time from send to start of serialisation, for every datagram that was serialised. */
  readonly queueDelayMs: RunningStats;
}

export type LinkDeliver = (datagram: Uint8Array, atMs: number) => void;

export class SimLink {
  readonly counters: SimLinkCounters = {
    sentPackets: 0,
    sentBytes: 0,
    deliveredPackets: 0,
    deliveredBytes: 0,
    droppedPackets: { "link-down": 0, "queue-full": 0, "random-loss": 0, outage: 0 },
    queueDelayMs: new RunningStats(),
  };

  private rateBitsPerSec: number;
  private up = true;
  private readonly waiting = new DatagramRing(); // timestamp: when it was sent
  private waitingWireBytes = 0;
  private transmitting: Uint8Array | undefined;
  private txDoneAtMs = 0;
  private txHandle: EventHandle | undefined;
  private readonly propagating = new DatagramRing(); // timestamp: when it arrives; FIFO mode only
  private deliverHandle: EventHandle | undefined;
  private lastArrivalAtMs = Number.NEGATIVE_INFINITY;
  private unorderedInFlight = 0;
  private deliverUnordered: (datagram: Uint8Array) => void;

  constructor(
    private readonly loop: EventLoop,
    private readonly random: SeededRandom,
    readonly config: SimLinkConfig,
    private readonly deliver: LinkDeliver,
  ) {
    this.rateBitsPerSec = checkRate(config.name, config.rateBitsPerSec);
    this.deliverUnordered = this.makeUnorderedDelivery();
  }

  get isUp(): boolean {
    return this.up;
  }

  get currentRateBitsPerSec(): number {
    return this.rateBitsPerSec;
  }

  /** Bytes waiting for the transmitter, wire overhead included. */
  get queuedWireBytes(): number {
    return this.waitingWireBytes;
  }

  /** Takes ownership of datagram: the caller must not modify it afterwards. */
  send(datagram: Uint8Array): void {
    const counters = this.counters;
    counters.sentPackets++;
    counters.sentBytes += datagram.length;
    if (!this.up) {
      counters.droppedPackets["link-down"]++;
      return;
    }
    if (this.transmitting === undefined) {
      this.startTransmission(datagram, this.loop.nowMs());
      return;
    }
    const wireBytes = datagram.length + this.config.wireOverheadBytes;
    if (this.waitingWireBytes + wireBytes > this.config.queueBytes) {
      counters.droppedPackets["queue-full"]++;
      return;
    }
    this.waitingWireBytes += wireBytes;
    this.waiting.push(datagram, this.loop.nowMs());
  }

  /** Changes the serialisation rate from now on, including for the rest of the datagram being serialised. */
  setRate(rateBitsPerSec: number): void {
    const newRate = checkRate(this.config.name, rateBitsPerSec);
    if (this.transmitting !== undefined && this.txHandle !== undefined) {
      const nowMs = this.loop.nowMs();
      const remainingBits = ((this.txDoneAtMs - nowMs) * this.rateBitsPerSec) / 1000;
      this.loop.cancel(this.txHandle);
      this.txDoneAtMs = nowMs + (remainingBits * 1000) / newRate;
      this.txHandle = this.loop.schedule(this.txDoneAtMs, this.finishTransmission);
    }
    this.rateBitsPerSec = newRate;
  }

  /** Takes the link down: everything queued, being serialised or in flight is lost, and sends are dropped. */
  goDown(): void {
    if (!this.up) return;
    this.up = false;
    const dropped = this.waiting.length + (this.transmitting === undefined ? 0 : 1);
    this.counters.droppedPackets.outage += dropped + this.propagating.length + this.unorderedInFlight;
    this.waiting.clear();
    this.waitingWireBytes = 0;
    this.transmitting = undefined;
    if (this.txHandle !== undefined) this.loop.cancel(this.txHandle);
    this.txHandle = undefined;
    this.propagating.clear();
    if (this.deliverHandle !== undefined) this.loop.cancel(this.deliverHandle);
    this.deliverHandle = undefined;
    this.lastArrivalAtMs = Number.NEGATIVE_INFINITY;
    this.unorderedInFlight = 0;
    this.deliverUnordered = this.makeUnorderedDelivery();
  }

  goUp(): void {
    this.up = true;
  }

  private startTransmission(datagram: Uint8Array, sentAtMs: number): void {
    const nowMs = this.loop.nowMs();
    this.counters.queueDelayMs.add(nowMs - sentAtMs);
    const wireBits = (datagram.length + this.config.wireOverheadBytes) * 8;
    this.transmitting = datagram;
    this.txDoneAtMs = nowMs + (wireBits * 1000) / this.rateBitsPerSec;
    this.txHandle = this.loop.schedule(this.txDoneAtMs, this.finishTransmission);
  }

  private readonly finishTransmission = (): void => {
    const datagram = this.transmitting!;
    this.transmitting = undefined;
    this.txHandle = undefined;
    if (this.waiting.length > 0) {
      const sentAtMs = this.waiting.peekAtMs();
      const next = this.waiting.shift();
      this.waitingWireBytes -= next.length + this.config.wireOverheadBytes;
      this.startTransmission(next, sentAtMs);
    }
    const config = this.config;
    if (config.lossRatio > 0 && this.random.next() < config.lossRatio) {
      this.counters.droppedPackets["random-loss"]++;
      return;
    }
    const jitterMs = config.jitterMs > 0 ? Math.abs(this.random.normal()) * config.jitterMs : 0;
    const arrivalAtMs = this.loop.nowMs() + config.delayMs + jitterMs;
    if (config.reorder) {
      this.unorderedInFlight++;
      this.loop.schedule(arrivalAtMs, this.deliverUnordered, datagram);
      return;
    }
    const fifoArrivalAtMs = Math.max(arrivalAtMs, this.lastArrivalAtMs);
    this.lastArrivalAtMs = fifoArrivalAtMs;
    this.propagating.push(datagram, fifoArrivalAtMs);
    if (this.deliverHandle === undefined) {
      this.deliverHandle = this.loop.schedule(fifoArrivalAtMs, this.deliverDue);
    }
  };

  private readonly deliverDue = (): void => {
    this.deliverHandle = undefined;
    const nowMs = this.loop.nowMs();
    const propagating = this.propagating;
    while (propagating.length > 0 && propagating.peekAtMs() <= nowMs) {
      this.handOver(propagating.shift(), nowMs);
    }
    if (propagating.length > 0 && this.deliverHandle === undefined) {
      this.deliverHandle = this.loop.schedule(propagating.peekAtMs(), this.deliverDue);
    }
  };

  /** One closure per outage epoch, so datagrams scheduled before an outage can tell they were lost in it. */
  private makeUnorderedDelivery(): (datagram: Uint8Array) => void {
    const epochDelivery = (datagram: Uint8Array): void => {
      if (epochDelivery !== this.deliverUnordered) return;
      this.unorderedInFlight--;
      this.handOver(datagram, this.loop.nowMs());
    };
    return epochDelivery;
  }

  private handOver(datagram: Uint8Array, nowMs: number): void {
    this.counters.deliveredPackets++;
    this.counters.deliveredBytes += datagram.length;
    this.deliver(datagram, nowMs);
  }
}

function checkRate(linkName: string, rateBitsPerSec: number): number {
  if (!(rateBitsPerSec > 0) || !Number.isFinite(rateBitsPerSec)) {
    throw new RangeError(`link ${linkName}: rate must be a positive number of bits/s, got ${rateBitsPerSec}`);
  }
  return rateBitsPerSec;
}
