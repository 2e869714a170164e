// Which paths may take new data, grouped by priority: primaries, then secondaries as overflow, and backups only
// when neither is up; which path to keep using when none may; which paths may still have data in flight.

import type { PathPriority } from "../path-types";
import type { PathLane } from "./path-lane";

const tierOrder: readonly PathPriority[] = ["primary", "secondary", "backup"];

/** Usable tiers in the order to try them; empty when no path is up and under its cap. */
export function usableTiers<T>(lanes: Iterable<PathLane<T>>): PathLane<T>[][] {
  const byPriority: PathLane<T>[][] = tierOrder.map(() => []);
  for (const lane of lanes) {
    if (lane.isEligible) byPriority[tierOrder.indexOf(lane.view.priority)]?.push(lane);
  }
  const [primary = [], secondary = [], backup = []] = byPriority;
  const main = [primary, secondary].filter((tier) => tier.length > 0);
  if (main.length > 0) return main;
  return backup.length > 0 ? [backup] : [];
}

/**
 * With no usable path, traffic stays on the path that proved it delivers most recently (under its cap). Before
 * any path has answered a probe (the first round trips of a session, whose handshake just crossed a path), a path
 * still being probed is tried rather than dropping the packet.
 */
export function lastAnswered<T>(lanes: Iterable<PathLane<T>>): PathLane<T> | undefined {
  let best: PathLane<T> | undefined;
  let untried: PathLane<T> | undefined;
  for (const lane of lanes) {
    if (lane.capReached) continue;
    const at = lane.view.lastEvidenceAtMs;
    if (at === undefined) {
      if (untried === undefined && lane.view.state === "probing") untried = lane;
      continue;
    }
    if (best === undefined || at > (best.view.lastEvidenceAtMs ?? Number.NEGATIVE_INFINITY)) best = lane;
  }
  return best ?? untried;
}

/** The lowest-RTT path of a tier: where traffic goes first, and where a failover event says it went. */
export function lowestRtt<T>(tier: readonly PathLane<T>[] | undefined): PathLane<T> | undefined {
  let best: PathLane<T> | undefined;
  for (const lane of tier ?? []) {
    if (best === undefined || (lane.view.srttMs ?? Infinity) < (best.view.srttMs ?? Infinity)) best = lane;
  }
  return best;
}

/** Bit i for each path (id < 32) with data queued, or sent within 2 x its RTT plus marginMs (maybe in flight). */
export function activePathMask<T>(lanes: Iterable<PathLane<T>>, nowMs: number, marginMs: number): number {
  let mask = 0;
  for (const lane of lanes) {
    if (lane.pathId < 0 || lane.pathId > 31) continue;
    const inFlightMs = 2 * (lane.view.srttMs ?? 0) + marginMs;
    if (lane.queue.count > 0 || nowMs - lane.lastSentAtMs <= inFlightMs) mask |= 1 << lane.pathId;
  }
  return mask >>> 0;
}
