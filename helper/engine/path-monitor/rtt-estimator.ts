// Round-trip time of one path from probe echoes: RFC 6298 smoothing, the latest sample and a windowed minimum.

import { BucketedWindow } from "./bucketed-window";

const minRttWindowMs = 10_000;

export class RttEstimator {
  private srtt: number | undefined;
  private rttVar: number | undefined;
  private latest: number | undefined;
  private readonly minRtt = new BucketedWindow("min", minRttWindowMs);
  /** Kept past the window so a path whose probes all stopped still has a floor to compare against. */
  private lastMinRttMs: number | undefined;

  addSample(rttMs: number, nowMs: number): void {
    if (!Number.isFinite(rttMs) || rttMs < 0) return;
    this.latest = rttMs;
    this.minRtt.add(rttMs, nowMs);
    this.lastMinRttMs = this.minRtt.value(nowMs);
    if (this.srtt === undefined || this.rttVar === undefined) {
      // RFC 6298 (2.2): the first measurement sets SRTT = R, RTTVAR = R/2.
      this.srtt = rttMs;
      this.rttVar = rttMs / 2;
      return;
    }
    // RFC 6298 (2.3), alpha = 1/8, beta = 1/4; the variation uses the old SRTT.
    this.rttVar = 0.75 * this.rttVar + 0.25 * Math.abs(this.srtt - rttMs);
    this.srtt = 0.875 * this.srtt + 0.125 * rttMs;
  }

  get srttMs(): number | undefined {
    return this.srtt;
  }

  get rttVarMs(): number | undefined {
    return this.rttVar;
  }

  get latestRttMs(): number | undefined {
    return this.latest;
  }

  minRttMs(nowMs: number): number | undefined {
    const windowed = this.minRtt.value(nowMs);
    if (windowed !== undefined) this.lastMinRttMs = windowed;
    return this.lastMinRttMs;
  }
}
