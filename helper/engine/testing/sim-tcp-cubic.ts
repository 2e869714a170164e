// CUBIC window growth (RFC 9438) for the simulated SACK sender, in segments, as Linux's default congestion control.

const c = 0.4;
const beta = 0.7;
/** RFC 9438 section 4.3: the Reno-friendly estimate grows by this per window of delivered segments. */
const alphaCubic = (3 * (1 - beta)) / (1 + beta);

/**
 * Congestion avoidance only: slow start (cwnd < ssthresh) stays Reno's, as in Linux without HyStart. After a
 * loss the window is cut to 0.7 (not 0.5) and grows along a cubic centred on the window where it lost, so it
 * is back near that window about K = cbrt(wMax * 0.3 / 0.4) seconds later, whatever the RTT.
 */
export class CubicWindow {
  private wMaxSegments = 0;
  private epochStartMs: number | undefined;
  private kSec = 0;
  private originSegments = 0;
  private renoEstimateSegments = 0;

  /** The new ssthresh (and cwnd) after a congestion event at cwnd, with fast convergence. */
  onCongestion(cwndSegments: number): number {
    this.wMaxSegments = cwndSegments < this.wMaxSegments ? (cwndSegments * (1 + beta)) / 2 : cwndSegments;
    this.epochStartMs = undefined;
    return Math.max(cwndSegments * beta, 2);
  }

  /** cwnd after delivered segments were acknowledged in congestion avoidance. */
  grow(cwndSegments: number, deliveredSegments: number, nowMs: number, rttMs: number): number {
    if (this.epochStartMs === undefined) {
      this.epochStartMs = nowMs;
      this.kSec = cwndSegments < this.wMaxSegments ? Math.cbrt((this.wMaxSegments - cwndSegments) / c) : 0;
      this.originSegments = Math.max(cwndSegments, this.wMaxSegments);
      this.renoEstimateSegments = cwndSegments;
    }
    const tSec = (nowMs - this.epochStartMs + rttMs) / 1000;
    const target = this.originSegments + c * (tSec - this.kSec) ** 3;
    this.renoEstimateSegments += (alphaCubic * deliveredSegments) / cwndSegments;
    const goal = Math.max(target, this.renoEstimateSegments);
    if (goal <= cwndSegments) return cwndSegments + (0.01 * deliveredSegments) / cwndSegments;
    // At most +50% a round trip (RFC 9438 section 4.2 caps the target at 1.5 x cwnd).
    const capped = Math.min(goal, 1.5 * cwndSegments);
    return cwndSegments + ((capped - cwndSegments) * deliveredSegments) / cwndSegments;
  }
}
