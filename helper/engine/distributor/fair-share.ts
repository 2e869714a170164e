// Schedulers that split traffic in fixed or measured shares: round-robin, weighted round-robin (by configured
// or measured bandwidth) and loss-aware (weights shrink with measured loss, to nothing at the cutoff).

import type { DistributorOptions } from "./distributor-options";
import type { PathLane } from "./path-lane";

/** A path may take a packet if its queue stays within its limit (in ms of sending) beyond its pacer. */
export function hasRoom<T>(
  lane: PathLane<T>,
  sizeBytes: number,
  nowMs: number,
  options: DistributorOptions,
): boolean {
  return lane.sendDelayMs(sizeBytes, nowMs) <= lane.queueLimitMs(options, nowMs);
}

/** Packet-by-packet in turn, skipping full paths. */
export class RoundRobin {
  private turn = 0;

  pick<T>(tier: readonly PathLane<T>[], sizeBytes: number, nowMs: number, options: DistributorOptions) {
    for (let step = 0; step < tier.length; step++) {
      const lane = tier[(this.turn + step) % tier.length]!;
      if (!hasRoom(lane, sizeBytes, nowMs, options)) continue;
      this.turn = (this.turn + step + 1) % tier.length;
      return lane;
    }
    return undefined;
  }
}

export type ShareWeights = "rate" | "loss-aware";

/**
 * Start-time fair queueing over bytes: a path's next start tag is its last finish tag (or the virtual time, if
 * that is later: a path left idle cannot claim a burst), its finish tag adds size / weight; the smallest start
 * wins, ties going to the smallest finish, and the virtual time moves to the winner's start.
 */
export class FairShare {
  private virtualTime = 0;

  pick<T>(
    tier: readonly PathLane<T>[],
    sizeBytes: number,
    nowMs: number,
    weights: ShareWeights,
    options: DistributorOptions,
  ): PathLane<T> | undefined {
    let best: PathLane<T> | undefined;
    let bestStart = Number.POSITIVE_INFINITY;
    let bestFinish = Number.POSITIVE_INFINITY;
    let leastLossy: PathLane<T> | undefined;
    for (const lane of tier) {
      if (!hasRoom(lane, sizeBytes, nowMs, options)) continue;
      if (leastLossy === undefined || lane.view.lossRatio < leastLossy.view.lossRatio) leastLossy = lane;
      const weight = this.weight(lane, nowMs, weights, options);
      if (!(weight > 0)) continue;
      const start = Math.max(lane.fairFinish, this.virtualTime);
      const finish = start + sizeBytes / weight;
      if (start < bestStart || (start === bestStart && finish < bestFinish)) {
        best = lane;
        bestStart = start;
        bestFinish = finish;
      }
    }
    // Every path over the loss cutoff: the least lossy one still beats dropping everything.
    if (best === undefined) return leastLossy;
    best.fairFinish = bestFinish;
    this.virtualTime = bestStart;
    return best;
  }

  private weight<T>(
    lane: PathLane<T>,
    nowMs: number,
    weights: ShareWeights,
    options: DistributorOptions,
  ): number {
    const rate = lane.weightBitsPerSec(nowMs);
    if (weights === "rate") return rate;
    const clean = Math.max(0, 1 - lane.view.lossRatio / options.lossCutoffRatio);
    return rate * clean * clean;
  }
}
