// Everything the Path Monitor measures about one path, and the figures derived from it.

import type { PathId, PathPriority } from "../path-types";
import { BucketedWindow } from "./bucketed-window";
import { DeliveryRateEstimator } from "./delivery-rate";
import type { MonitorOptions, PathConfig } from "./monitor-config";
import { MtuSearch } from "./mtu-search";
import { FlapHistory, type PathStatus } from "./path-status";
import { ProbeLedger } from "./probe-ledger";
import { ArrivalSpacing } from "./reverse-silence";
import { RttEstimator } from "./rtt-estimator";
import { StallDetector, type StallThresholds } from "./stall-detector";
import { TxHistory } from "./tx-history";
import {
  datagramWireBytes,
  largestFrameWithin,
  minimumPathMtuBytes,
  type OuterIpHeaderBytes,
  wireGuardMessageBytes,
} from "./wire-size";

const lossWindowMs = 10_000;
/** Long enough to see through jitter, short enough to follow clock drift (50 ppm is 1.5 ms per 30 s). */
const owdBaseWindowMs = 30_000;
const dayMs = 86_400_000;
const defaultInterfaceMtuBytes = 1500;

export class PathRecord {
  readonly rtt = new RttEstimator();
  readonly tx = new TxHistory();
  readonly stall = new StallDetector(this.tx);
  readonly ledger = new ProbeLedger();
  readonly delivery = new DeliveryRateEstimator();
  readonly flaps = new FlapHistory();
  /** Datagrams from the peer on this path (reverse direction). */
  readonly arrivals = new ArrivalSpacing();
  readonly mtu: MtuSearch;
  private readonly lossSent = new BucketedWindow("sum", lossWindowMs);
  private readonly lossLost = new BucketedWindow("sum", lossWindowMs);
  private readonly owdBase = new BucketedWindow("min", owdBaseWindowMs, 15);
  private readonly probeBytesDay = new BucketedWindow("sum", dayMs, 24);
  private lastOwdBaseMs: number | undefined;

  priority: PathPriority;
  metered: boolean;
  readonly ipHeaderBytes: OuterIpHeaderBytes;
  status: PathStatus;
  everUp = false;
  /** Peer receive time minus our send time of liveness probes, smoothed: comparable across paths. */
  owdSmoothedMs: number | undefined;
  txBytes = 0;
  rxBytes = 0;
  probeWireBytesTotal = 0;
  lastDataSentAtMs = Number.NEGATIVE_INFINITY;
  lastPeerProbeAtMs = Number.NEGATIVE_INFINITY;
  /** Latest proof that the path delivers in our sending direction (echo, or FEEDBACK progress). */
  lastEvidenceAtMs: number | undefined;
  nextProbeAtMs: number;
  nextTimeoutAtMs = Number.POSITIVE_INFINITY;
  consecutiveTimeouts = 0;

  constructor(
    readonly pathId: PathId,
    config: PathConfig,
    nowMs: number,
  ) {
    this.priority = config.priority;
    this.metered = config.metered;
    this.ipHeaderBytes = config.outerIpHeaderBytes ?? 20;
    const interfaceMtu = Math.max(config.interfaceMtuBytes ?? defaultInterfaceMtuBytes, minimumPathMtuBytes);
    this.mtu = new MtuSearch(
      largestFrameWithin(minimumPathMtuBytes, this.ipHeaderBytes),
      largestFrameWithin(interfaceMtu, this.ipHeaderBytes),
    );
    this.status = { kind: "probing", sinceMs: nowMs, downSinceMs: undefined, streak: undefined };
    this.nextProbeAtMs = nowMs;
  }

  /** Counts a frame the monitor itself sends on this path (probe, echo, FEEDBACK). */
  recordOwnFrame(frameBytes: number, nowMs: number, isProbeTraffic: boolean): void {
    this.tx.recordSend(nowMs);
    this.txBytes += wireGuardMessageBytes(frameBytes);
    if (!isProbeTraffic) return;
    const wireBytes = datagramWireBytes(frameBytes, this.ipHeaderBytes);
    this.probeWireBytesTotal += wireBytes;
    this.probeBytesDay.add(wireBytes, nowMs);
  }

  probeWireBytesLastDay(nowMs: number): number {
    return this.probeBytesDay.sum(nowMs);
  }

  addLossSamples(sent: number, lost: number, nowMs: number): void {
    if (sent !== 0) this.lossSent.add(sent, nowMs);
    if (lost !== 0) this.lossLost.add(lost, nowMs);
  }

  lossRatio(nowMs: number): number {
    const sent = this.lossSent.sum(nowMs);
    if (sent <= 0) return 0;
    return Math.min(1, Math.max(0, this.lossLost.sum(nowMs) / sent));
  }

  addOwdSample(peerMinusLocalMs: number, nowMs: number): void {
    this.owdBase.add(peerMinusLocalMs, nowMs);
    this.lastOwdBaseMs = this.owdBase.value(nowMs);
    this.owdSmoothedMs =
      this.owdSmoothedMs === undefined
        ? peerMinusLocalMs
        : 0.875 * this.owdSmoothedMs + 0.125 * peerMinusLocalMs;
  }

  /** Clock offset plus minimum one-way delay; the last known value once probes thin out. */
  baseOwdMs(nowMs: number): number | undefined {
    const windowed = this.owdBase.value(nowMs);
    if (windowed !== undefined) this.lastOwdBaseMs = windowed;
    return this.lastOwdBaseMs;
  }

  /** Queueing a packet may see on its way before it counts as late: standing queue plus twice the jitter. */
  queueAllowanceMs(nowMs: number): number {
    const srtt = this.rtt.srttMs;
    const minRtt = this.rtt.minRttMs(nowMs);
    const standingMs = srtt !== undefined && minRtt !== undefined ? Math.max(0, srtt - minRtt) : 0;
    return standingMs + 2 * (this.rtt.rttVarMs ?? 0) + 2;
  }

  /** How the peer's FEEDBACK is judged on this path now (see stall-detector.ts). */
  stallThresholds(options: MonitorOptions, nowMs: number): StallThresholds {
    const queueAllowanceMs = this.queueAllowanceMs(nowMs);
    // Sized so that death to down stays near detectionTargetMs: one RTT and up to two FEEDBACK periods are
    // spent before any report can show the stall.
    const budgetMs =
      options.detectionTargetMs - (this.rtt.srttMs ?? 0) - 2 * options.feedbackIntervalMs - queueAllowanceMs;
    return {
      baseOwdMs: this.baseOwdMs(nowMs),
      queueAllowanceMs,
      suspectDuePackets: options.suspectDuePackets,
      suspectWindowMs: options.suspectWindowMs,
      stalledDuePackets: options.stalledDuePackets,
      stalledWindowMs: Math.min(options.stalledWindowMaxMs, Math.max(options.stalledWindowMinMs, budgetMs)),
    };
  }

  probeTimeoutMs(options: MonitorOptions): number {
    const srtt = this.rtt.srttMs;
    if (srtt === undefined) return options.probeTimeoutInitialMs;
    const timeoutMs = srtt + Math.max(4 * (this.rtt.rttVarMs ?? 0), 10);
    return Math.min(options.probeTimeoutMaxMs, Math.max(options.probeTimeoutMinMs, timeoutMs));
  }

  /** An oversized probe may queue behind a burst: twice the normal allowance. */
  mtuProbeTimeoutMs(options: MonitorOptions): number {
    return Math.min(options.probeTimeoutMaxMs, 2 * this.probeTimeoutMs(options) + 50);
  }

  isIdle(nowMs: number, options: MonitorOptions): boolean {
    return nowMs - this.lastDataSentAtMs >= options.idleAfterMs;
  }

  pathMtuBytes(): number | undefined {
    return this.mtu.isSettled ? datagramWireBytes(this.mtu.passingFrameBytes, this.ipHeaderBytes) : undefined;
  }
}
