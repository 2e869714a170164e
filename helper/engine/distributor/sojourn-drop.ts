// CoDel-style head drop on one path's bulk lane: a queue may absorb a burst (TCP's window arriving at once)
// up to its hard limit, but a queue that stays above its sojourn target for a whole interval is a standing
// queue, and loses packets from its head at a rising rate (interval / sqrt(n)) until it drains. TCP inside
// then sees loss early, from the oldest packet, instead of a full queue's tail drop a whole queue later.

export class SojournDrop {
  /** When the sojourn first stayed above target, plus one interval; undefined while below. */
  private aboveUntilMs: number | undefined;
  private dropping = false;
  private dropNextAtMs = 0;
  private dropCount = 0;
  private lastDropCount = 0;
  /**
   * Set from the first drop until the queue next empties: a queue that stood once is held to its target rather
   * than its burst limit, so traffic that ignores loss (a UDP flood) cannot keep it at the burst limit.
   */
  standing = false;

  onQueueEmpty(): void {
    this.standing = false;
  }

  /** True when the head packet, queued sojournMs ago, should be dropped rather than sent. */
  shouldDrop(sojournMs: number, targetMs: number, intervalMs: number, queueBytes: number, nowMs: number) {
    // A queue of about one packet is never a standing queue, whatever its age.
    if (sojournMs < targetMs || queueBytes <= 1_500) {
      this.aboveUntilMs = undefined;
      this.dropping = false;
      return false;
    }
    if (this.aboveUntilMs === undefined) {
      this.aboveUntilMs = nowMs + intervalMs;
      return false;
    }
    if (!this.dropping) {
      if (nowMs < this.aboveUntilMs) return false;
      this.dropping = true;
      this.standing = true;
      // Re-entering soon after the last episode resumes near its drop rate (RFC 8289 section 5.5).
      const recent = nowMs - this.dropNextAtMs < 16 * intervalMs;
      const resumed = this.dropCount - this.lastDropCount;
      this.dropCount = recent && resumed > 2 ? resumed : 1;
      this.lastDropCount = 0;
      this.dropNextAtMs = nowMs + intervalMs / Math.sqrt(this.dropCount);
      return true;
    }
    if (nowMs < this.dropNextAtMs) return false;
    this.dropCount++;
    this.lastDropCount = 0;
    this.dropNextAtMs += intervalMs / Math.sqrt(this.dropCount);
    return true;
  }
}
