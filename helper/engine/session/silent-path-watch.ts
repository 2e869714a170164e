// Receiver side: a path that has gone quiet while the others keep delivering cannot still be carrying an older
// packet (paths are FIFO), so the Reassembly Engine may treat its gaps as lost instead of waiting out the hold.
import type { PathId } from "../path-types";

/** Silence shorter than this is never called quiet: jitter and pacing bursts are normal. */
export const silenceFloorMs = 15;
/** Quiet means this many times the path's usual spacing between arrivals. */
const spacingFactor = 4;

interface Arrivals {
  lastAtMs: number;
  /** Smoothed spacing between arrivals on this path. */
  spacingMs: number;
  /** Highest send order seen on any path when this path last delivered. */
  caughtUpTo: number;
}

export class SilentPathWatch {
  private readonly paths = new Map<PathId, Arrivals>();
  private highestSendOrder = 0;

  private quietAtMs(entry: Arrivals): number {
    return entry.lastAtMs + Math.max(silenceFloorMs, spacingFactor * entry.spacingMs);
  }

  onArrival(pathId: PathId, sendOrder: number, nowMs: number): void {
    this.highestSendOrder = Math.max(this.highestSendOrder, sendOrder);
    const entry = this.paths.get(pathId);
    if (!entry) {
      this.paths.set(pathId, { lastAtMs: nowMs, spacingMs: silenceFloorMs, caughtUpTo: sendOrder });
      return;
    }
    entry.spacingMs += (nowMs - entry.lastAtMs - entry.spacingMs) / 8;
    entry.lastAtMs = nowMs;
  }

  /**
   * Paths quiet for longer than their usual spacing while newer messages arrived elsewhere, with the send order
   * they can be taken as having reached. Each path is reported once per silence.
   */
  quietPaths(nowMs: number, report: (pathId: PathId, sendOrder: number) => void): void {
    for (const [pathId, entry] of this.paths) {
      // The same sum as nextCheckMs(): comparing a difference instead could round the other way and spin.
      if (nowMs < this.quietAtMs(entry)) continue;
      if (entry.caughtUpTo >= this.highestSendOrder) continue;
      entry.caughtUpTo = this.highestSendOrder;
      report(pathId, this.highestSendOrder);
    }
  }

  /** The next time a path could become quiet (for the timer). */
  nextCheckMs(): number {
    let next = Number.POSITIVE_INFINITY;
    for (const entry of this.paths.values()) {
      if (entry.caughtUpTo < this.highestSendOrder) {
        next = Math.min(next, this.quietAtMs(entry));
      }
    }
    return next;
  }

  removePath(pathId: PathId): void {
    this.paths.delete(pathId);
  }
}
