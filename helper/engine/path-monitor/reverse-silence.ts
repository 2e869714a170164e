// Sender-side early warning: while we send data on a path the peer's FEEDBACK comes back on it every few ms, so
// when nothing at all arrives on it for several of its usual spacings while other paths still deliver, the link
// has probably died in both directions. That is seen one one-way delay sooner than FEEDBACK carried over
// another path can show the forward stall.

/** Silence shorter than this is never suspicious: jitter and FEEDBACK phases are normal. */
const silenceFloorMs = 20;
/** Suspicious silence: this many times the path's usual spacing between arrivals. */
const spacingFactor = 3;
/** Spacing assumed before any arrival pair was seen: no early alarms on a fresh path. */
const initialSpacingMs = 100;

export class ArrivalSpacing {
  lastAtMs = Number.NEGATIVE_INFINITY;
  /** Smoothed time between arrivals (1/8 gain, as for RTT). */
  spacingMs = initialSpacingMs;

  onArrival(nowMs: number): void {
    if (Number.isFinite(this.lastAtMs)) this.spacingMs += (nowMs - this.lastAtMs - this.spacingMs) / 8;
    this.lastAtMs = nowMs;
  }

  /** When the current silence becomes suspicious; -Infinity before the first arrival (never suspicious). */
  quietAtMs(): number {
    return this.lastAtMs + Math.max(silenceFloorMs, spacingFactor * this.spacingMs);
  }
}
