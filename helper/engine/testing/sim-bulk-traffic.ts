// Saturating constant-bit-rate UDP source and the sink that measures what came out of the tunnel.

import { ByteSlab } from "./byte-slab";
import type { EventLoop } from "./event-loop";
import { RecentSeqSet } from "./recent-seq-set";
import { RunningStats } from "./sample-stats";
import { buildSimPacket, parseSimPacket, SimPacket } from "./sim-ip-packet";
import { clientPortOf, servicePort, type TunnelEnd } from "./sim-traffic";

export interface BulkSourceOptions {
  /** Offered rate counted in IP packet bytes; above capacity it saturates (nothing pushes back). */
  readonly rateBitsPerSec: number;
  /** IP packet size; default 1400. */
  readonly packetBytes?: number;
  /** Default 1. */
  readonly streamId?: number;
  /** Default: now. */
  readonly startAtMs?: number;
  /** Default: never. */
  readonly stopAtMs?: number;
}

/** Offers one packet every packetBytes*8/rate ms on an exact schedule (no drift), numbered from seq 0. */
export class BulkSource {
  private readonly packet = new SimPacket();
  private readonly slab = new ByteSlab();
  private readonly intervalMs: number;
  private readonly stopAtMs: number;
  private nextAtMs: number;
  private sent = 0;
  private stopped = false;

  constructor(
    private readonly loop: EventLoop,
    private readonly tunnel: TunnelEnd,
    options: BulkSourceOptions,
  ) {
    if (!(options.rateBitsPerSec > 0)) throw new RangeError("BulkSource: rateBitsPerSec must be positive");
    const packet = this.packet;
    packet.totalBytes = options.packetBytes ?? 1400;
    packet.streamId = options.streamId ?? 1;
    packet.srcPort = clientPortOf(packet.streamId);
    packet.dstPort = servicePort.bulk;
    this.intervalMs = (packet.totalBytes * 8 * 1000) / options.rateBitsPerSec;
    this.stopAtMs = options.stopAtMs ?? Number.POSITIVE_INFINITY;
    this.nextAtMs = options.startAtMs ?? loop.nowMs();
    loop.schedule(this.nextAtMs, this.tick);
  }

  get sentPackets(): number {
    return this.sent;
  }

  stop(): void {
    this.stopped = true;
  }

  private readonly tick = (): void => {
    if (this.stopped || this.nextAtMs >= this.stopAtMs) return;
    this.packet.seq = this.sent++;
    this.packet.sentAtMs = this.loop.nowMs();
    this.tunnel.offer(buildSimPacket(this.packet, this.slab));
    this.nextAtMs += this.intervalMs;
    this.loop.schedule(this.nextAtMs, this.tick);
  };
}

export interface BulkSinkOptions {
  /** Default 1. */
  readonly streamId?: number;
  /** Start of the measurement window; default: the first delivery. */
  readonly measureFromMs?: number;
  /** End of the measurement window (call result() after it); default: the time result() is called. */
  readonly measureToMs?: number;
}

export interface BulkSinkResult {
  /** Unique packets delivered inside the window, and their IP bytes. */
  readonly deliveredPackets: number;
  readonly deliveredBytes: number;
  readonly windowMs: number;
  readonly deliveredBitsPerSec: number;
  /** Share of unique packets that arrived after every lower seq had (1 when nothing was reordered). */
  readonly inOrderRatio: number;
  readonly reorderedPackets: number;
  readonly duplicatePackets: number;
  /** Seqs below the highest delivered that never arrived (over the whole run). */
  readonly missingPackets: number;
  /** Longest stretch inside the window with no delivery, edges of the window included. */
  readonly maxGapMs: number;
  /** Offer to delivery, over packets delivered in the window. */
  readonly oneWayDelayMeanMs: number;
  readonly oneWayDelayMaxMs: number;
}

const duplicateMemory = 1 << 16;

/** Listens for one bulk stream; counts each delivery once, so duplicates sent on two paths do not inflate rates. */
export class BulkSink {
  private readonly parsed = new SimPacket();
  private readonly seen = new RecentSeqSet(duplicateMemory);
  private readonly streamId: number;
  private readonly fromMs: number | undefined;
  private readonly toMs: number | undefined;
  private highestSeq = -1;
  private unique = 0;
  private reordered = 0;
  private duplicates = 0;
  private windowPackets = 0;
  private windowBytes = 0;
  private firstInWindowAtMs: number | undefined;
  private lastInWindowAtMs: number | undefined;
  private maxInnerGapMs = 0;
  private readonly oneWayDelayMs = new RunningStats();

  constructor(
    private readonly loop: EventLoop,
    tunnel: TunnelEnd,
    options: BulkSinkOptions = {},
  ) {
    this.streamId = options.streamId ?? 1;
    this.fromMs = options.measureFromMs;
    this.toMs = options.measureToMs;
    tunnel.listen(this.onPacket);
  }

  private readonly onPacket = (bytes: Uint8Array, atMs: number): void => {
    const packet = this.parsed;
    if (!parseSimPacket(bytes, packet) || packet.kind !== "bulk" || packet.streamId !== this.streamId) return;
    const seq = packet.seq;
    // A seq older than the memory cannot be told apart from a duplicate; at these rates that means one.
    if (this.seen.has(seq) || seq < this.highestSeq - duplicateMemory) {
      this.duplicates++;
      return;
    }
    this.seen.add(seq);
    this.unique++;
    if (seq < this.highestSeq) this.reordered++;
    else this.highestSeq = seq;
    if ((this.fromMs !== undefined && atMs < this.fromMs) || (this.toMs !== undefined && atMs > this.toMs))
      return;
    this.windowPackets++;
    this.windowBytes += packet.totalBytes;
    this.oneWayDelayMs.add(atMs - packet.sentAtMs);
    if (this.lastInWindowAtMs !== undefined) {
      this.maxInnerGapMs = Math.max(this.maxInnerGapMs, atMs - this.lastInWindowAtMs);
    }
    this.firstInWindowAtMs ??= atMs;
    this.lastInWindowAtMs = atMs;
  };

  result(): BulkSinkResult {
    const endMs = this.toMs ?? this.loop.nowMs();
    const startMs = this.fromMs ?? this.firstInWindowAtMs ?? endMs;
    const windowMs = endMs - startMs;
    const headGapMs = (this.firstInWindowAtMs ?? endMs) - startMs;
    const tailGapMs = endMs - (this.lastInWindowAtMs ?? startMs);
    return {
      deliveredPackets: this.windowPackets,
      deliveredBytes: this.windowBytes,
      windowMs,
      deliveredBitsPerSec: windowMs > 0 ? (this.windowBytes * 8 * 1000) / windowMs : 0,
      inOrderRatio: this.unique === 0 ? 1 : (this.unique - this.reordered) / this.unique,
      reorderedPackets: this.reordered,
      duplicatePackets: this.duplicates,
      missingPackets: this.highestSeq + 1 - this.unique,
      maxGapMs: Math.max(this.maxInnerGapMs, headGapMs, tailGapMs),
      oneWayDelayMeanMs: this.oneWayDelayMs.mean,
      oneWayDelayMaxMs: this.oneWayDelayMs.count === 0 ? Number.NaN : this.oneWayDelayMs.max,
    };
  }
}
