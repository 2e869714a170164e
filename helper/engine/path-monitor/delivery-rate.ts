// Delivery rate of one path as the receiver saw it: bytes it reports received over its own clock's interval.
//
// The receiver's timestamps are used on both ends of the interval, so neither clock offset nor the jitter of the
// FEEDBACK's return trip enters the rate. A sample spans about sampleSpanMs of reports: long enough to smooth a
// burst, short enough that a pacing phase (about 100 ms) shows up in it.

const historyLength = 32;
const sampleSpanMs = 80;
const minSampleSpanMs = 30;

export class DeliveryRateEstimator {
  private readonly peerAtMs = new Float64Array(historyLength);
  private readonly rxBytes = new Float64Array(historyLength);
  private count = 0;
  private newest = -1;
  private rateBitsPerSec: number | undefined;
  private sampleAtMs: number | undefined;

  /** Feeds one report (already known to be newer than the previous one); returns true if it made a sample. */
  onReport(peerAtMs: number, rxBytesTotal: number, nowMs: number): boolean {
    if (this.count > 0 && rxBytesTotal < this.rxBytes[this.newest]!) this.count = 0; // the peer restarted
    this.newest = (this.newest + 1) % historyLength;
    this.peerAtMs[this.newest] = peerAtMs;
    this.rxBytes[this.newest] = rxBytesTotal;
    this.count = Math.min(this.count + 1, historyLength);

    // Oldest report still within the span; reports are in increasing peer time.
    let oldest = this.newest;
    for (let back = 1; back < this.count; back++) {
      const slot = (this.newest - back + historyLength) % historyLength;
      if (peerAtMs - this.peerAtMs[slot]! > sampleSpanMs) break;
      oldest = slot;
    }
    const spanMs = peerAtMs - this.peerAtMs[oldest]!;
    const bytes = rxBytesTotal - this.rxBytes[oldest]!;
    // An idle interval says nothing about capacity; keep the last sample rather than report zero.
    if (spanMs < minSampleSpanMs || bytes <= 0) return false;
    this.rateBitsPerSec = (bytes * 8 * 1000) / spanMs;
    this.sampleAtMs = nowMs;
    return true;
  }

  get latestRateBitsPerSec(): number | undefined {
    return this.rateBitsPerSec;
  }

  /** When the latest sample was taken (local clock), so consumers can tell a new sample from a repeated one. */
  get latestSampleAtMs(): number | undefined {
    return this.sampleAtMs;
  }
}
