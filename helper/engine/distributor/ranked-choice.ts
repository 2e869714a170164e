// Schedulers that rank paths by quality: lowest-latency (smallest smoothed RTT first, spilling to the next
// when a queue is full) and redundant (every packet on the N best paths).

import type { PathId } from "../path-types";
import type { DistributorOptions } from "./distributor-options";
import { hasRoom } from "./fair-share";
import type { PathLane } from "./path-lane";
import { lowestRtt } from "./path-tiers";

/** Lower is better: RTT, inflated by loss (a copy on a lossy path is worth less). */
function score<T>(lane: PathLane<T>): number {
  const rttMs = lane.view.srttMs ?? Number.MAX_SAFE_INTEGER;
  return rttMs / (1 - Math.min(lane.view.lossRatio, 0.9));
}

export function chooseLowestLatency<T>(
  tier: readonly PathLane<T>[],
  sizeBytes: number,
  nowMs: number,
  options: DistributorOptions,
): PathLane<T> | undefined {
  let best: PathLane<T> | undefined;
  for (const lane of tier) {
    if (!hasRoom(lane, sizeBytes, nowMs, options)) continue;
    if (best === undefined || (lane.view.srttMs ?? Infinity) < (best.view.srttMs ?? Infinity)) best = lane;
  }
  return best;
}

/** The lowest-RTT path for a latency-sensitive packet: it jumps queued bulk, so only the pacer can hold it. */
export function chooseForLatency<T>(tier: readonly PathLane<T>[]): PathLane<T> | undefined {
  const best = lowestRtt(tier);
  return best?.queue.hasUrgentRoom() ? best : undefined;
}

/** Appends up to `copies` best paths with room to out, best first (selection by repeated scans: N is tiny). */
export function chooseRedundant<T>(
  tier: readonly PathLane<T>[],
  copies: number,
  sizeBytes: number,
  nowMs: number,
  options: DistributorOptions,
  out: PathId[],
): void {
  const start = out.length;
  while (out.length - start < copies) {
    let best: PathLane<T> | undefined;
    for (const lane of tier) {
      if (out.includes(lane.pathId, start) || !hasRoom(lane, sizeBytes, nowMs, options)) continue;
      if (best === undefined || score(lane) < score(best)) best = lane;
    }
    if (best === undefined) return;
    out.push(best.pathId);
  }
}
