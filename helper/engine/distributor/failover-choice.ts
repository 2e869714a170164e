// The failover scheduler's single active path: the best by priority then RTT, kept until it fails, with a hold
// before moving back to a better path so that a recovering link cannot make traffic flap.

import type { PathId, PathPriority } from "../path-types";
import type { DistributorOptions } from "./distributor-options";
import type { PathLane } from "./path-lane";

const priorityRank: Record<PathPriority, number> = { primary: 0, secondary: 1, backup: 2 };

function better<T>(a: PathLane<T>, b: PathLane<T>): boolean {
  const ra = priorityRank[a.view.priority];
  const rb = priorityRank[b.view.priority];
  if (ra !== rb) return ra < rb;
  return (a.view.srttMs ?? Infinity) < (b.view.srttMs ?? Infinity);
}

export interface FailoverSwitch {
  readonly fromPathId: PathId | undefined;
  readonly toPathId: PathId | undefined;
  readonly reason: string;
}

export class FailoverChoice {
  activePathId: PathId | undefined;
  private challenger: { readonly pathId: PathId; readonly sinceMs: number } | undefined;

  /** Re-evaluates the active path; returns the switch made, if any. */
  reselect<T>(
    lanes: Iterable<PathLane<T>>,
    nowMs: number,
    options: DistributorOptions,
  ): FailoverSwitch | undefined {
    let best: PathLane<T> | undefined;
    let active: PathLane<T> | undefined;
    for (const lane of lanes) {
      if (!lane.isEligible) continue;
      if (lane.pathId === this.activePathId) active = lane;
      if (best === undefined || better(lane, best)) best = lane;
    }
    if (active === undefined) {
      this.challenger = undefined;
      const from = this.activePathId;
      this.activePathId = best?.pathId;
      if (from === this.activePathId) return undefined;
      return { fromPathId: from, toPathId: this.activePathId, reason: "active path is no longer usable" };
    }
    if (best === undefined || best === active || !this.clearlyBetter(best, active, options)) {
      this.challenger = undefined;
      return undefined;
    }
    if (this.challenger?.pathId !== best.pathId) this.challenger = { pathId: best.pathId, sinceMs: nowMs };
    if (nowMs - this.challenger.sinceMs < options.failbackHoldMs) return undefined;
    this.challenger = undefined;
    this.activePathId = best.pathId;
    return {
      fromPathId: active.pathId,
      toPathId: best.pathId,
      reason: "a better path has been up for the hold",
    };
  }

  private clearlyBetter<T>(
    candidate: PathLane<T>,
    active: PathLane<T>,
    options: DistributorOptions,
  ): boolean {
    const rc = priorityRank[candidate.view.priority];
    const ra = priorityRank[active.view.priority];
    if (rc !== ra) return rc < ra;
    const candidateRtt = candidate.view.srttMs ?? Infinity;
    return candidateRtt < options.failoverRttRatio * (active.view.srttMs ?? Infinity);
  }
}
