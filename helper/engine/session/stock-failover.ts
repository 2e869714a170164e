// One path at a time for a peer that speaks no Braid (no probes to ask it): move on when a path goes silent.
import type { PathId, PathPriority } from "../path-types";

/** Sent something, heard nothing back for this long: the path is taken for dead (WireGuard answers data with
 *  keepalives within its 10 s timer, and persistent keepalives are usually 25 s, so this only fires on traffic
 *  we sent that got no answer; TCP answers within an RTT). */
export const stockSilenceMs = 2_000;
/** A path given up is tried again after this long. */
export const stockRetryMs = 30_000;

const priorityRank: Record<PathPriority, number> = { primary: 0, secondary: 1, backup: 2 };

interface PathLiveness {
  lastSentAtMs: number;
  lastReceivedAtMs: number;
  failedUntilMs: number;
}

export class StockFailover {
  private readonly liveness = new Map<PathId, PathLiveness>();
  private currentId: PathId | undefined;

  private record(pathId: PathId): PathLiveness {
    let entry = this.liveness.get(pathId);
    if (!entry) {
      entry = {
        lastSentAtMs: Number.NEGATIVE_INFINITY,
        lastReceivedAtMs: Number.NEGATIVE_INFINITY,
        failedUntilMs: 0,
      };
      this.liveness.set(pathId, entry);
    }
    return entry;
  }

  onSent(pathId: PathId, nowMs: number): void {
    const entry = this.record(pathId);
    // The silence clock starts at the first send after the last thing heard.
    if (entry.lastSentAtMs <= entry.lastReceivedAtMs) entry.lastSentAtMs = nowMs;
  }

  onReceived(pathId: PathId, nowMs: number): void {
    const entry = this.record(pathId);
    entry.lastReceivedAtMs = nowMs;
    entry.failedUntilMs = 0;
  }

  /** The path to use now: the current one unless it went silent, else the best by priority that is not failed. */
  current(
    paths: ReadonlyArray<{ pathId: PathId; priority: PathPriority }>,
    nowMs: number,
  ): PathId | undefined {
    if (this.currentId !== undefined) {
      const entry = this.record(this.currentId);
      const silent =
        entry.lastSentAtMs > entry.lastReceivedAtMs && nowMs - entry.lastSentAtMs > stockSilenceMs;
      if (silent) entry.failedUntilMs = nowMs + stockRetryMs;
      if (!silent && paths.some((p) => p.pathId === this.currentId)) return this.currentId;
    }
    const usable = paths.filter((p) => this.record(p.pathId).failedUntilMs <= nowMs);
    const candidates = usable.length > 0 ? usable : paths;
    const sorted = [...candidates].sort(
      (a, b) => priorityRank[a.priority] - priorityRank[b.priority] || a.pathId - b.pathId,
    );
    this.currentId = sorted[0]?.pathId;
    if (this.currentId !== undefined) {
      const entry = this.record(this.currentId);
      entry.lastSentAtMs = Number.NEGATIVE_INFINITY;
    }
    return this.currentId;
  }
}
