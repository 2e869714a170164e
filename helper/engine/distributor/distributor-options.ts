// Tunables of the Data Distributor, with the reasoning behind each default.

import type { SchedulerMode } from "../path-types";
import { type BandwidthModelOptions, defaultBandwidthModelOptions } from "./bandwidth-model";

export interface DistributorOptions {
  readonly mode: SchedulerMode;
  /** Copies of each packet in redundant mode. */
  readonly redundancy: number;
  /**
   * Queueing a path may add beyond the arrival level of the slowest path in use (bond) or beyond its pacer
   * (other modes). Small, so that when the tunnel is full TCP inside sees loss rather than bufferbloat.
   */
  readonly queueSlackMs: number;
  /** ...but never fewer than this many full packets, or a slow path could not hold a burst at all. */
  readonly minQueuePackets: number;
  /**
   * A burst may queue beyond the slack up to this share of the path's minimum RTT (TCP's window arrives as a
   * burst; a queue shallower than its RTT makes one flow lose before it fills the path)...
   */
  readonly burstQueueRttRatio: number;
  /**
   * ...and at least this many bytes: a TCP sender hands the TUN a whole TSO/GSO burst (up to 64 KB) back to
   * back, so on a sub-millisecond path a queue of one RTT drops every burst and TCP never grows...
   */
  readonly burstQueueMinBytes: number;
  /** ...within this bound; a queue that stands above the slack for aqmIntervalMs loses packets from its head. */
  readonly maxBurstQueueMs: number;
  readonly aqmIntervalMs: number;
  readonly fullPacketBytes: number;
  /** Hard caps whatever the rate: memory stays bounded if the caller enqueues without choose(). */
  readonly maxQueueItems: number;
  readonly maxUrgentItems: number;
  /** Credit an idle pacer may hold: covers timer granularity, bounds bursts. */
  readonly pacerBurstMs: number;
  /**
   * Bond only: a path whose rate is under this share of its tier's total does not raise the arrival level,
   * so a trickle of capacity (a weak satellite link) does not add its delay to every queue.
   */
  readonly minUsefulShare: number;
  /** Loss-aware: weight falls as (1 - loss / cutoff)^2, to nothing at the cutoff. */
  readonly lossCutoffRatio: number;
  /** Failover: a better path must be up this long before traffic moves back to it. */
  readonly failbackHoldMs: number;
  /** Failover: a same-priority path must be this much faster (RTT ratio) to win. */
  readonly failoverRttRatio: number;
  /** A path that sent data within this window counts as carrying traffic (for failover events). */
  readonly carryingTrafficWithinMs: number;
  /** A path sent data within 2 x its RTT plus this margin: packets may still be in flight on it. */
  readonly inFlightMarginMs: number;
  readonly bandwidth: BandwidthModelOptions;
  readonly maxPaths: number;
  readonly maxPendingEvents: number;
}

export const defaultDistributorOptions: DistributorOptions = {
  mode: "bond",
  redundancy: 2,
  queueSlackMs: 5,
  minQueuePackets: 4,
  burstQueueRttRatio: 1,
  burstQueueMinBytes: 65_536,
  maxBurstQueueMs: 100,
  aqmIntervalMs: 100,
  fullPacketBytes: 1500,
  maxQueueItems: 16_384,
  maxUrgentItems: 256,
  pacerBurstMs: 1,
  minUsefulShare: 0.05,
  lossCutoffRatio: 0.1,
  failbackHoldMs: 5_000,
  failoverRttRatio: 0.7,
  carryingTrafficWithinMs: 1_000,
  inFlightMarginMs: 100,
  bandwidth: defaultBandwidthModelOptions,
  maxPaths: 32,
  maxPendingEvents: 64,
};
