// Test support: Data Distributor inputs with fixed, scripted metrics, and an offered load driven through
// choose/enqueue/dequeueReady on a stepped clock.

import type { PathId, PathPriority, PathState } from "../path-types";
import type { DataDistributor, DistributorPathView } from "./data-distributor";

export interface FixedPath {
  readonly pathId: PathId;
  readonly rateMbps: number;
  readonly rttMs: number;
  readonly lossRatio?: number;
  readonly priority?: PathPriority;
  readonly state?: PathState;
  readonly lastEvidenceAtMs?: number;
}

/** A view as the monitor would give it, with a fresh delivery sample at nowMs. */
export function fixedView(p: FixedPath, fastestRttMs: number, nowMs: number): DistributorPathView {
  return {
    pathId: p.pathId,
    state: p.state ?? "up",
    priority: p.priority ?? "primary",
    srttMs: p.rttMs,
    minRttMs: p.rttMs,
    latestRttMs: p.rttMs,
    lossRatio: p.lossRatio ?? 0,
    deliveryRateBitsPerSec: p.rateMbps * 1e6,
    deliverySampleAtMs: nowMs,
    relativeOneWayDelayMs: (p.rttMs - fastestRttMs) / 2,
    lastEvidenceAtMs: p.lastEvidenceAtMs ?? nowMs,
  };
}

export function feedViews<T>(d: DataDistributor<T>, paths: readonly FixedPath[], nowMs: number): void {
  const fastest = Math.min(...paths.map((p) => p.rttMs));
  for (const p of paths) d.updatePath(fixedView(p, fastest, nowMs), nowMs);
}

export interface LoadResult {
  readonly sentBytes: Map<PathId, number>;
  readonly choices: Map<PathId, number>;
  readonly offeredPackets: number;
  readonly droppedPackets: number;
}

export interface LoadOptions {
  readonly fromMs: number;
  readonly durationMs: number;
  readonly offeredMbps: number;
  readonly packetBytes?: number;
  readonly latencySensitive?: boolean;
  /** Called before each packet is offered: lets a test check state at choice time. */
  readonly onChoice?: (chosen: readonly PathId[], nowMs: number) => void;
  /** Views are refreshed (with a new delivery sample) this often. */
  readonly viewIntervalMs?: number;
  /** Only bytes sent at or after this time count (warm-up excluded). */
  readonly measureFromMs?: number;
}

/** Offers a constant-rate packet stream and drains queues every 0.1 ms; returns what each path sent. */
export function runLoad(d: DataDistributor<number>, paths: readonly FixedPath[], o: LoadOptions): LoadResult {
  const packetBytes = o.packetBytes ?? 1500;
  const gapMs = (packetBytes * 8) / (o.offeredMbps * 1000);
  const sentBytes = new Map<PathId, number>();
  const choices = new Map<PathId, number>();
  const measureFromMs = o.measureFromMs ?? o.fromMs;
  let nowMs = o.fromMs;
  let nextPacketMs = o.fromMs;
  let nextViewMs = o.fromMs;
  let offered = 0;
  let dropped = 0;
  const send = (pathId: PathId, _item: number, sizeBytes: number) => {
    if (nowMs >= measureFromMs) sentBytes.set(pathId, (sentBytes.get(pathId) ?? 0) + sizeBytes);
  };
  const endMs = o.fromMs + o.durationMs;
  while (nowMs < endMs) {
    if (nowMs >= nextViewMs) {
      feedViews(d, paths, nowMs);
      nextViewMs += o.viewIntervalMs ?? 20;
    }
    while (nextPacketMs <= nowMs) {
      const chosen = d.choose(packetBytes, o.latencySensitive ?? false, nowMs);
      o.onChoice?.(chosen, nowMs);
      offered++;
      if (chosen.length === 0) dropped++;
      for (const pathId of chosen) {
        if (nowMs >= measureFromMs) choices.set(pathId, (choices.get(pathId) ?? 0) + 1);
        d.enqueue(pathId, offered, packetBytes, o.latencySensitive ?? false, nowMs);
      }
      nextPacketMs += gapMs;
    }
    d.dequeueReady(nowMs, send);
    nowMs += 0.1;
  }
  return { sentBytes, choices, offeredPackets: offered, droppedPackets: dropped };
}

/** Megabits per second a path sent over a window. */
export function mbps(result: LoadResult, pathId: PathId, windowMs: number): number {
  return ((result.sentBytes.get(pathId) ?? 0) * 8) / (windowMs * 1000);
}
