// What the Path Monitor reports about one path: PathMetrics plus what the Data Distributor and the app's
// counters need beyond it.

import type { PathMetrics } from "../path-types";
import type { PathRecord } from "./path-record";

export interface MonitoredPathMetrics extends PathMetrics {
  readonly metered: boolean;
  readonly minRttMs: number | undefined;
  readonly latestRttMs: number | undefined;
  /** When deliveryRateBitsPerSec was sampled (local clock): a new time means a new sample. */
  readonly deliverySampleAtMs: number | undefined;
  /** Latest proof the path delivers in our sending direction: the fallback choice when all paths are down. */
  readonly lastEvidenceAtMs: number | undefined;
  /** Probes and echoes we sent on this path over the last 24 hours, IP datagram bytes (so is probeBytesTotal). */
  readonly probeWireBytesLastDay: number;
}

/** txBytes and rxBytes are UDP payload bytes; the probe figures include IP and UDP headers (what a plan bills). */
export function describePath(
  path: PathRecord,
  fastestOwdMs: number | undefined,
  nowMs: number,
): MonitoredPathMetrics {
  return {
    pathId: path.pathId,
    state: path.status.kind,
    priority: path.priority,
    metered: path.metered,
    srttMs: path.rtt.srttMs,
    rttVarMs: path.rtt.rttVarMs,
    minRttMs: path.rtt.minRttMs(nowMs),
    latestRttMs: path.rtt.latestRttMs,
    lossRatio: path.lossRatio(nowMs),
    deliveryRateBitsPerSec: path.delivery.latestRateBitsPerSec,
    deliverySampleAtMs: path.delivery.latestSampleAtMs,
    relativeOneWayDelayMs:
      path.owdSmoothedMs === undefined || fastestOwdMs === undefined
        ? undefined
        : Math.max(0, path.owdSmoothedMs - fastestOwdMs),
    txBytes: path.txBytes,
    rxBytes: path.rxBytes,
    probeBytesTotal: path.probeWireBytesTotal,
    probeWireBytesLastDay: path.probeWireBytesLastDay(nowMs),
    pathMtuBytes: path.pathMtuBytes(),
    lastEvidenceAtMs: path.lastEvidenceAtMs,
  };
}
