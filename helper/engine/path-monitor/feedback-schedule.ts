// The receiver half of path monitoring: per-path receive counters and when to report them in a FEEDBACK.
//
// While data arrives (on any path) and for a short linger after it stops, a FEEDBACK goes out every
// feedbackIntervalMs with the cumulative counters of every path. The linger matters: a report that says
// "nothing new on path P" is exactly how the sender learns P died, so reports must continue for a while
// after P's last packet.

import type { PathId } from "../path-types";

export interface FeedbackEntryValues {
  readonly pathId: PathId;
  readonly rxBytes: number;
  readonly rxPackets: number;
  /** Highest WireGuard counter received on the path (0 when the caller never passed counters). */
  readonly highestCounter: number;
}

/** A FEEDBACK to encode and send, once, on each of onPathIds. */
export interface FeedbackRequest {
  readonly sentAtMs: number;
  readonly entries: readonly FeedbackEntryValues[];
  readonly onPathIds: readonly PathId[];
}

interface RxCounters {
  rxBytes: number;
  rxPackets: number;
  highestCounter: number;
  lastDataAtMs: number;
}

export class FeedbackSchedule {
  private readonly counters = new Map<PathId, RxCounters>();
  private lastDataAtMs = Number.NEGATIVE_INFINITY;
  private lastSentAtMs = Number.NEGATIVE_INFINITY;

  constructor(
    private readonly intervalMs: number,
    private readonly lingerMs: number,
    private readonly maxEntries: number,
  ) {}

  addPath(pathId: PathId): void {
    if (this.counters.has(pathId) || this.counters.size >= this.maxEntries) return;
    this.counters.set(pathId, {
      rxBytes: 0,
      rxPackets: 0,
      highestCounter: 0,
      lastDataAtMs: Number.NEGATIVE_INFINITY,
    });
  }

  removePath(pathId: PathId): void {
    this.counters.delete(pathId);
  }

  /** Counts one authenticated datagram of sizeBytes (UDP payload); returns false for an unknown path. */
  onReceived(pathId: PathId, sizeBytes: number, nowMs: number, isData: boolean, counter: number): boolean {
    const c = this.counters.get(pathId);
    if (c === undefined) return false;
    c.rxBytes += sizeBytes;
    c.rxPackets++;
    if (counter > c.highestCounter) c.highestCounter = counter;
    if (isData) {
      c.lastDataAtMs = nowMs;
      this.lastDataAtMs = nowMs;
    }
    return true;
  }

  /** When the next FEEDBACK is due, or Infinity while no data is flowing. */
  nextDueMs(): number {
    if (this.counters.size === 0) return Number.POSITIVE_INFINITY;
    const lingerEndsMs = this.lastDataAtMs + this.lingerMs;
    const dueMs = Math.max(this.lastSentAtMs + this.intervalMs, this.lastDataAtMs);
    return dueMs <= lingerEndsMs ? dueMs : Number.POSITIVE_INFINITY;
  }

  /** Paths that carried data to us within the linger, in ascending id order. */
  pathsWithRecentData(nowMs: number): PathId[] {
    const ids: PathId[] = [];
    for (const [pathId, c] of this.counters) if (nowMs - c.lastDataAtMs <= this.lingerMs) ids.push(pathId);
    return ids.sort((a, b) => a - b);
  }

  /** Builds the due FEEDBACK (undefined if none is due) to be sent on the paths the caller picked. */
  take(nowMs: number, onPathIds: readonly PathId[]): FeedbackRequest | undefined {
    if (nowMs < this.nextDueMs()) return undefined;
    // A report with nowhere to go is skipped, not retried at once: that would spin the caller's timer.
    this.lastSentAtMs = nowMs;
    if (onPathIds.length === 0) return undefined;
    const entries: FeedbackEntryValues[] = [];
    for (const [pathId, c] of this.counters) {
      entries.push({ pathId, rxBytes: c.rxBytes, rxPackets: c.rxPackets, highestCounter: c.highestCounter });
    }
    return { sentAtMs: nowMs, entries, onPathIds };
  }
}
