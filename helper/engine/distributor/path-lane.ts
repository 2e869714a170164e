// Everything the Data Distributor keeps per path: the monitor's latest view, send queue, pacer, capacity model,
// byte counters and data cap.

import type { PathId, PathMetrics } from "../path-types";
import { BandwidthModel } from "./bandwidth-model";
import type { PathSendStats } from "./distributor-counters";
import type { DistributorOptions } from "./distributor-options";
import { Pacer } from "./pacer";
import { PathQueue } from "./path-queue";
import { SojournDrop } from "./sojourn-drop";

/** What the distributor reads about a path: the Path Monitor's MonitoredPathMetrics fits as is. */
export type DistributorPathView = Pick<
  PathMetrics,
  | "pathId"
  | "state"
  | "priority"
  | "srttMs"
  | "lossRatio"
  | "deliveryRateBitsPerSec"
  | "relativeOneWayDelayMs"
> & {
  readonly minRttMs?: number | undefined;
  readonly latestRttMs?: number | undefined;
  /** A new value means deliveryRateBitsPerSec is a new sample. */
  readonly deliverySampleAtMs?: number | undefined;
  /** Latest proof the path delivers: picks the path to keep using when none is up. */
  readonly lastEvidenceAtMs?: number | undefined;
};

/** Recomputing the pacing rate per packet would cost a window scan each time; 1 ms staleness is harmless. */
const rateRefreshMs = 1;
/** A delivery sample reflects sends from about an RTT plus its 80 ms span ago. */
const sampleLookbackMs = 150;

export class PathLane<T> {
  view: DistributorPathView;
  readonly queue: PathQueue<T>;
  readonly pacer: Pacer;
  readonly model: BandwidthModel;
  configuredRateBitsPerSec: number | undefined;
  dataCapBytes: number | undefined;
  /** Bytes counted against the cap (may start above 0: usage carried over from earlier sessions). */
  capUsedBytes = 0;
  capReached = false;
  txBytes = 0;
  txPackets = 0;
  lastSentAtMs = Number.NEGATIVE_INFINITY;
  /** The queue still held packets after the last dequeue: the pacer, not demand, set the pace. */
  wasBacklogged = false;
  /** One-way delay used by earliest-arrival, consistent across the lanes of a tier (set by the distributor). */
  owdMs = 0;
  /** Virtual finish time for weighted fair sharing. */
  fairFinish = 0;
  /** Bond: queueing this path holds on purpose to align its arrivals with the slowest useful path's. */
  alignmentMs = 0;
  readonly sojournDrop = new SojournDrop();
  private lastSampleAtMs: number | undefined;
  private rateAtMs = Number.NEGATIVE_INFINITY;
  private rate: number;

  constructor(view: DistributorPathView, options: DistributorOptions, nowMs: number) {
    this.view = view;
    this.queue = new PathQueue<T>(options.maxQueueItems, options.maxUrgentItems);
    this.model = new BandwidthModel(options.bandwidth, nowMs);
    this.rate = this.model.pacingRateBitsPerSec(nowMs);
    this.pacer = new Pacer(this.rate, options.pacerBurstMs);
    this.update(view, nowMs);
  }

  get pathId(): PathId {
    return this.view.pathId;
  }

  /** Up, and under its data cap: may be given new data. */
  get isEligible(): boolean {
    return this.view.state === "up" && !this.capReached;
  }

  update(view: DistributorPathView, nowMs: number): void {
    this.view = view;
    this.model.onRtt(view.minRttMs, view.srttMs, view.latestRttMs);
    const rate = view.deliveryRateBitsPerSec;
    if (rate !== undefined && view.deliverySampleAtMs !== this.lastSampleAtMs) {
      this.lastSampleAtMs = view.deliverySampleAtMs;
      // A sample measures the path only if we kept it busy over the sends it reflects; otherwise it measures
      // our own demand (app-limited), which may raise the estimate but never lower it.
      const busy = this.model.backloggedForMs(nowMs) >= (view.srttMs ?? 0) + sampleLookbackMs;
      this.model.onDeliverySample(rate, nowMs, !busy);
    }
    this.rateAtMs = Number.NEGATIVE_INFINITY;
  }

  /** Current pacing rate: the model's, capped by a configured rate. */
  rateBitsPerSec(nowMs: number): number {
    if (nowMs - this.rateAtMs >= rateRefreshMs) {
      this.rateAtMs = nowMs;
      const modelRate = this.model.pacingRateBitsPerSec(nowMs);
      this.rate = Math.min(modelRate, this.configuredRateBitsPerSec ?? modelRate);
      this.pacer.setRate(this.rate);
    }
    return this.rate;
  }

  /** How long a packet of sizeBytes given to this path now waits before it is on the wire. */
  sendDelayMs(sizeBytes: number, nowMs: number): number {
    const bitsPerMs = this.rateBitsPerSec(nowMs) / 1000;
    return this.pacer.waitMs(nowMs) + ((this.queue.bytes + sizeBytes) * 8) / bitsPerMs;
  }

  /** Queue limit in ms of sending: slackMs, or at least minQueuePackets full packets at a slow rate. */
  queueSlackMs(options: DistributorOptions, nowMs: number): number {
    const bitsPerMs = this.rateBitsPerSec(nowMs) / 1000;
    return Math.max(
      options.queueSlackMs,
      (options.minQueuePackets * options.fullPacketBytes * 8) / bitsPerMs,
    );
  }

  /**
   * Hard queue limit in ms of sending: the slack, or room for a burst of about one minimum RTT unless the queue
   * has stood since it last emptied.
   */
  queueLimitMs(options: DistributorOptions, nowMs: number): number {
    if (this.sojournDrop.standing) return this.queueSlackMs(options, nowMs);
    const rttBurstMs = options.burstQueueRttRatio * (this.view.minRttMs ?? 0);
    const byteBurstMs = (options.burstQueueMinBytes * 8) / (this.rateBitsPerSec(nowMs) / 1000);
    const burstMs = Math.min(options.maxBurstQueueMs, Math.max(rttBurstMs, byteBurstMs));
    return Math.max(this.queueSlackMs(options, nowMs), burstMs);
  }

  /**
   * Whether the head bulk packet has waited too long: beyond the slack plus bond's alignment, for a whole
   * interval (a standing queue, not a burst).
   */
  headStands(options: DistributorOptions, nowMs: number): boolean {
    const enqueuedAtMs = this.queue.bulkHeadEnqueuedAtMs();
    if (enqueuedAtMs === undefined) return false;
    const targetMs = this.queueSlackMs(options, nowMs) + this.alignmentMs;
    return this.sojournDrop.shouldDrop(
      nowMs - enqueuedAtMs,
      targetMs,
      options.aqmIntervalMs,
      this.queue.bytes,
      nowMs,
    );
  }

  /** Demand stands above the pace: the queue is past bond's alignment plus half its burst room. */
  isOverQueued(options: DistributorOptions, nowMs: number): boolean {
    return this.sendDelayMs(0, nowMs) > this.alignmentMs + 0.5 * this.queueLimitMs(options, nowMs);
  }

  weightBitsPerSec(nowMs: number): number {
    return this.configuredRateBitsPerSec ?? this.model.btlBwBitsPerSec(nowMs);
  }

  sendStats(nowMs: number): PathSendStats {
    return {
      txBytes: this.txBytes,
      txPackets: this.txPackets,
      queuedBytes: this.queue.bytes,
      queuedPackets: this.queue.count,
      pacingRateBitsPerSec: this.rateBitsPerSec(nowMs),
      bottleneckRateBitsPerSec: this.model.btlBwBitsPerSec(nowMs),
      capReached: this.capReached,
    };
  }

  noteSent(sizeBytes: number, nowMs: number): boolean {
    this.txBytes += sizeBytes;
    this.txPackets++;
    this.lastSentAtMs = nowMs;
    this.model.onSent(sizeBytes);
    this.capUsedBytes += sizeBytes;
    if (this.dataCapBytes === undefined || this.capReached || this.capUsedBytes < this.dataCapBytes)
      return false;
    this.capReached = true;
    return true;
  }
}
