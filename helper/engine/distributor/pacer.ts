// Paces one path's sends to a rate, so its bottleneck queue (deep on LTE) is never overrun by our bursts.
//
// A token bucket expressed as the time the next send is allowed: each send pushes that time by its own
// serialization at the rate. After an idle spell the bucket holds at most burstMs of credit, so an idle path
// cannot save up a burst; while backlogged it may catch up to catchUpMs, so a timer that fires late (timers
// run at about 1 ms granularity, later under load) does not lower the rate.

export class Pacer {
  private nextSendAt = Number.NEGATIVE_INFINITY;
  private bitsPerMs: number;

  constructor(
    rateBitsPerSec: number,
    private readonly burstMs = 1,
    private readonly catchUpMs = 10,
  ) {
    this.bitsPerMs = rateBitsPerSec / 1000;
  }

  get rateBitsPerSec(): number {
    return this.bitsPerMs * 1000;
  }

  setRate(rateBitsPerSec: number): void {
    if (Number.isFinite(rateBitsPerSec) && rateBitsPerSec > 0) this.bitsPerMs = rateBitsPerSec / 1000;
  }

  /** Earliest time the next send is allowed. */
  get nextSendAtMs(): number {
    return this.nextSendAt;
  }

  canSend(nowMs: number): boolean {
    return this.nextSendAt <= nowMs;
  }

  /** How long a packet arriving now would wait for the pacer, before anything already queued. */
  waitMs(nowMs: number): number {
    return Math.max(0, this.nextSendAt - nowMs);
  }

  /** Time to send sizeBytes at the current rate. */
  serializationMs(sizeBytes: number): number {
    return (sizeBytes * 8) / this.bitsPerMs;
  }

  /** backlogged: packets were waiting for the pacer since the previous send (rather than the pacer idling). */
  onSend(sizeBytes: number, nowMs: number, backlogged: boolean): void {
    const creditMs = backlogged ? this.catchUpMs : this.burstMs;
    this.nextSendAt = Math.max(this.nextSendAt, nowMs - creditMs) + this.serializationMs(sizeBytes);
  }
}
