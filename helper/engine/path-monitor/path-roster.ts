// The Path Monitor's set of paths and the questions asked across them (fastest path, last to answer, where to
// send FEEDBACK, smallest MTU), bounded to maxPaths.

import type { PathId } from "../path-types";
import type { PathRecord } from "./path-record";

export class PathRoster {
  private readonly byId = new Map<PathId, PathRecord>();

  constructor(private readonly maxPaths: number) {}

  get(pathId: PathId): PathRecord | undefined {
    return this.byId.get(pathId);
  }

  /** False when full. */
  add(path: PathRecord): boolean {
    if (this.byId.size >= this.maxPaths) return false;
    this.byId.set(path.pathId, path);
    return true;
  }

  remove(pathId: PathId): void {
    this.byId.delete(pathId);
  }

  ids(): PathId[] {
    return [...this.byId.keys()];
  }

  all(): IterableIterator<PathRecord> {
    return this.byId.values();
  }

  anotherUp(path: PathRecord): boolean {
    for (const other of this.byId.values()) if (other !== path && other.status.kind === "up") return true;
    return false;
  }

  /** Some path can still carry data, or is about to decide whether it can. */
  anyAlive(): boolean {
    for (const path of this.byId.values()) {
      if (path.status.kind === "up" || path.status.kind === "degraded") return true;
    }
    return false;
  }

  lastAnswered(): PathRecord | undefined {
    let best: PathRecord | undefined;
    for (const path of this.byId.values()) {
      if (path.lastEvidenceAtMs === undefined) continue;
      if (best === undefined || path.lastEvidenceAtMs > (best.lastEvidenceAtMs ?? 0)) best = path;
    }
    return best;
  }

  /** Smallest (peer clock - our clock) one-way figure over up paths: what the others are relative to. */
  fastestOwdMs(): number | undefined {
    let fastest: number | undefined;
    for (const path of this.byId.values()) {
      if (path.status.kind !== "up" || path.owdSmoothedMs === undefined) continue;
      if (fastest === undefined || path.owdSmoothedMs < fastest) fastest = path.owdSmoothedMs;
    }
    return fastest;
  }

  /** Smallest frame known to pass over the paths that are up or degraded. */
  smallestPassingFrameBytes(): number | undefined {
    let smallest: number | undefined;
    let smallestSettled: number | undefined;
    for (const path of this.byId.values()) {
      if (path.status.kind !== "up" && path.status.kind !== "degraded") continue;
      smallest = Math.min(smallest ?? Number.POSITIVE_INFINITY, path.mtu.passingFrameBytes);
      if (path.mtu.isSettled)
        smallestSettled = Math.min(smallestSettled ?? Number.POSITIVE_INFINITY, path.mtu.passingFrameBytes);
    }
    // A path still searching would pull the tunnel down to the search's floor for the moments its search takes
    // (every uplink added while running, on both ends): it counts once settled, unless nothing has settled yet.
    return smallestSettled ?? smallest;
  }

  /**
   * Where a FEEDBACK goes: the up paths that carry data to us, plus the lowest-RTT non-metered, non-backup up
   * paths until there are minPaths, so it still arrives when one of them dies (an idle metered or backup path
   * is never used for it). With no path up, the paths that carried data are tried anyway.
   */
  feedbackRoute(pathsWithRecentData: readonly PathId[], minPaths: number): PathId[] {
    const chosen = pathsWithRecentData.filter((pathId) => this.byId.get(pathId)?.status.kind === "up");
    const fillers = [...this.byId.values()]
      .filter(
        (p) => p.status.kind === "up" && !p.metered && p.priority !== "backup" && !chosen.includes(p.pathId),
      )
      .sort((a, b) => (a.rtt.srttMs ?? Infinity) - (b.rtt.srttMs ?? Infinity));
    for (const p of fillers) {
      if (chosen.length >= minPaths) break;
      chosen.push(p.pathId);
    }
    return chosen.length > 0 ? chosen : [...pathsWithRecentData];
  }
}
