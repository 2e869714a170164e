// Per path, the highest WireGuard counter delivered so far, and the flows waiting on each path to prove the
// gap in front of them lost. Paths are FIFO enough that a path delivering counter C has already delivered
// (or lost) everything it carried below C, so a gap is proven lost in O(paths) without looking at packets.

import { maxPaths } from "../frames/frame-types";
import type { PathId } from "../path-types";
import { LazyMinHeap } from "./lazy-min-heap";

export class PathProgress {
  readonly #highest = new Float64Array(maxPaths).fill(-1);
  /** Per path: (counter of the packet after a flow's gap, flow slot, flow epoch), smallest counter first. */
  readonly #waits: LazyMinHeap[] = Array.from({ length: maxPaths }, () => new LazyMinHeap());

  static isPathId(pathId: number): boolean {
    return Number.isInteger(pathId) && pathId >= 0 && pathId < maxPaths;
  }

  /** Records that pathId delivered an authenticated packet with this counter; true when its highest rose. */
  advance(pathId: PathId, counter: number): boolean {
    if (!PathProgress.isPathId(pathId) || !(counter > this.#highest[pathId]!)) return false;
    this.#highest[pathId] = counter;
    return true;
  }

  highestOf(pathId: PathId): number {
    return this.#highest[pathId]!;
  }

  /**
   * A packet with counter `counter` arrived after a gap; the missing packets went out earlier on some path in
   * pathMask (non-zero). Returns -1 when every one of those paths has delivered something newer (the gap is
   * then certainly lost), else the one furthest behind, which is the best path to wait on: by the time it
   * catches up, the others most likely have too.
   */
  unprovenPath(pathMask: number, counter: number): number {
    let rest = pathMask >>> 0;
    let slowest = -1;
    let slowestHighest = Number.POSITIVE_INFINITY;
    while (rest !== 0) {
      const pathId = 31 - Math.clz32(rest & -rest);
      const highest = this.#highest[pathId]!;
      // Strictly newer, as the missing packet's counter is below `counter`; the margin of one packet on the
      // path that carried `counter` tolerates a little reordering within a path.
      if (!(highest > counter) && highest < slowestHighest) {
        slowest = pathId;
        slowestHighest = highest;
      }
      rest &= rest - 1;
    }
    return slowest;
  }

  waitsOf(pathId: PathId): LazyMinHeap {
    return this.#waits[pathId]!;
  }

  /** Forgets all counters (the caller's counter space restarted, e.g. a new session without an epoch offset). */
  reset(): void {
    this.#highest.fill(-1);
    for (const heap of this.#waits) heap.clear();
  }
}
