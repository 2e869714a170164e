// The "bond" scheduler: each packet goes to the path where it is expected to arrive earliest, in the spirit of
// ECF and BLEST.
//
// Expected arrival on a path = the wait behind its pacer and queue + the packet's own serialization + the
// path's one-way delay (relative to the other paths; the absolute part is common to all and cancels). So a
// light load stays on the fastest path, and a slower path takes packets only once the fast path's queue delay
// exceeds the slow path's extra delay: packets arrive nearly in order, and a 300 ms path beside a 30 ms one is
// used only when it adds capacity without holding up the fast one.
//
// Queues are bounded by that same rule: a packet is accepted only if it arrives no later than the slowest
// useful path's one-way delay plus a small slack. Under saturation every path's expected arrival rises to that
// level (water-filling, all paths used near their rates); beyond it packets are dropped, so TCP inside sees
// loss instead of an ever-growing queue.

import type { DistributorOptions } from "./distributor-options";
import type { PathLane } from "./path-lane";

export function chooseEarliestArrival<T>(
  tier: readonly PathLane<T>[],
  sizeBytes: number,
  nowMs: number,
  options: DistributorOptions,
): PathLane<T> | undefined {
  let totalRate = 0;
  for (const lane of tier) totalRate += lane.rateBitsPerSec(nowMs);
  let levelMs = 0;
  for (const lane of tier) {
    if (lane.rateBitsPerSec(nowMs) >= options.minUsefulShare * totalRate)
      levelMs = Math.max(levelMs, lane.owdMs);
  }
  let best: PathLane<T> | undefined;
  let bestArrivalMs = Number.POSITIVE_INFINITY;
  for (const lane of tier) {
    lane.alignmentMs = Math.max(0, levelMs - lane.owdMs);
    const arrivalMs = lane.sendDelayMs(sizeBytes, nowMs) + lane.owdMs;
    if (arrivalMs > levelMs + lane.queueLimitMs(options, nowMs)) continue;
    if (arrivalMs < bestArrivalMs) {
      best = lane;
      bestArrivalMs = arrivalMs;
    }
  }
  return best;
}
