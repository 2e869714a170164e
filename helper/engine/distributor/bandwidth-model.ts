// One path's capacity estimate and pacing rate, BBR-like, fed by the receiver's delivery-rate samples and the
// Path Monitor's RTT.
//
// - Bottleneck bandwidth: the windowed max (2 s) of delivery samples. Samples taken while we had too little to
//   send (app-limited) may raise it but never lower it.
// - Cruise: pacing gain cycles 1.25 (probe up: more capacity?), 0.75 (drain what probing queued), then 1 x 4.
// - Capacity drop: a busy sample under 80% of the least we paced at lately (or of the estimate, while a queue
//   builds) means the path cannot carry what we send; the estimate restarts from that sample at once.
// - Queue building (latest RTT over its minimum by more than max(10 ms, minRtt / 2)): no probing up, and the
//   pace is the latest busy delivery sample (what the path carries now) times a gain that falls with the
//   excess (0.85, down to 0.5 for a second of queue), so a standing queue drains in about a second instead of
//   lingering (LTE buffers hold seconds).
// - Demand-driven probe: while our queue holds more than it should (the distributor says so) and the path shows
//   no queue, pace at 1.25 whatever the cycle: the estimate is our own pace's output, so it can only grow if we
//   pace above it while demand stands. A probe runs two phases; one that raised the estimate 25% means it is far
//   too low (back to startup), one that raised it less than 10% means the path is the limit (no probe for 2 s).
// - Startup (gain 2) at first, and again when a whole cruise cycle was backlogged (demand exceeds the pacing
//   rate), RTT stayed flat and the estimate still grew 15%: it had been set while app-limited and is far too
//   low, and growing 25% a cycle would take seconds. Startup ends after three checks without 25% growth (checks
//   over which we sent under half the estimate do not count: an idle path says nothing), or as soon as a queue
//   builds, through a one-phase drain at 0.5.

import { BucketedWindow } from "../path-monitor/bucketed-window";

export interface BandwidthModelOptions {
  readonly initialRateBitsPerSec: number;
  /** Floor of the estimate: a path is never paced so slowly that one packet blocks its queue for long. */
  readonly minRateBitsPerSec: number;
  readonly maxFilterWindowMs: number;
  readonly startupGain: number;
  readonly cruiseGains: readonly number[];
  /** Gain while a queue builds, lowered further by backoffPerQueueMs per ms of excess queue... */
  readonly backoffGain: number;
  readonly backoffPerQueueMs: number;
  /** ...down to this floor. */
  readonly backoffFloorGain: number;
  readonly queueThresholdMinMs: number;
  readonly queueThresholdRttFraction: number;
  /** Phase length: the path's minimum RTT, within these bounds (delivery samples span about 80 ms). */
  readonly minPhaseMs: number;
  readonly maxPhaseMs: number;
}

export const defaultBandwidthModelOptions: BandwidthModelOptions = {
  initialRateBitsPerSec: 10e6,
  minRateBitsPerSec: 100e3,
  maxFilterWindowMs: 2_000,
  startupGain: 2,
  cruiseGains: [1.25, 0.75, 1, 1, 1, 1],
  backoffGain: 0.85,
  backoffPerQueueMs: 0.35 / 1_000,
  backoffFloorGain: 0.5,
  queueThresholdMinMs: 10,
  queueThresholdRttFraction: 0.5,
  minPhaseMs: 100,
  maxPhaseMs: 250,
};

type Cruise = {
  readonly kind: "cruise";
  readonly index: number;
  readonly phaseEndsAtMs: number;
  readonly cycleStartMs: number;
  readonly cycleStartBw: number;
};

type Phase =
  | {
      readonly kind: "startup";
      readonly checkAtMs: number;
      readonly bwAtCheck: number;
      readonly flatChecks: number;
    }
  | { readonly kind: "drain"; readonly untilMs: number }
  | Cruise;

const drainGain = 0.5;
/** Demand-driven probe (see probing()): its gain, how long it runs, the growth that makes it worth it... */
const probeGain = 1.25;
const probePhases = 2;
const probeGrowth = 1.1;
/** ...and how long probing stays off after a probe that found nothing. */
const probeBlockMs = 2_000;
const startupGrowth = 1.25;
const startupFlatChecks = 3;
/** A busy sample under this fraction of the least recent pacing rate means capacity dropped. */
const dropFraction = 0.8;
/** Covers the sends a delivery sample reflects: an RTT plus its 80 ms span back, for RTTs within reason. */
const recentPacingWindowMs = 500;
/** Growth over a backlogged cruise cycle that sends the model back to startup. */
const restartGrowth = 1.15;

export class BandwidthModel {
  private readonly maxFilter: BucketedWindow;
  private readonly recentPacing = new BucketedWindow("min", recentPacingWindowMs, 10);
  private lastBtlBw: number | undefined;
  /** Latest sample taken while we were sending all we could: what the path carries right now. */
  private lastBusySample: number | undefined;
  private phase: Phase;
  private minRttMs: number | undefined;
  private latestRttMs: number | undefined;
  private backlogSinceMs: number | undefined;
  /** Our queue holds more than it should: demand exceeds the pace (the pacer, not the path, may be the limit). */
  private overQueued = false;
  /** The current probe: the estimate when it began, and when it is judged (undefined: not probing)... */
  private probe: { readonly fromBw: number; readonly judgeAtMs: number } | undefined;
  /** ...and until when probing is off, after a probe that found nothing. */
  private probeBlockedUntilMs = Number.NEGATIVE_INFINITY;
  /** Bytes sent since the last startup check, and when that check was: was there demand to measure? */
  private sentBytesSinceCheck = 0;
  private lastCheckAtMs: number;

  constructor(
    private readonly o: BandwidthModelOptions,
    nowMs: number,
  ) {
    this.maxFilter = new BucketedWindow("max", o.maxFilterWindowMs, 20);
    this.lastCheckAtMs = nowMs;
    this.phase = this.startup(nowMs);
  }

  get phaseKind(): Phase["kind"] {
    return this.phase.kind;
  }

  /** Minimum RTT (the monitor's windowed one, else the smallest smoothed RTT seen) and the latest sample. */
  onRtt(minRttMs: number | undefined, srttMs: number | undefined, latestRttMs: number | undefined): void {
    const floor = srttMs === undefined ? this.minRttMs : Math.min(this.minRttMs ?? srttMs, srttMs);
    this.minRttMs = minRttMs ?? floor;
    this.latestRttMs = latestRttMs ?? srttMs;
  }

  onDeliverySample(rateBitsPerSec: number, nowMs: number, appLimited: boolean): void {
    if (!(rateBitsPerSec > 0)) return;
    // Not even the initial guess is lowered by an app-limited sample: an idle path's first samples measure
    // its probes, not its capacity.
    const current = this.btlBwBitsPerSec(nowMs);
    if (appLimited && rateBitsPerSec <= current) return;
    if (!appLimited) {
      this.lastBusySample = rateBitsPerSec;
      const leastPaced = this.recentPacing.value(nowMs);
      const underPaced = leastPaced !== undefined && rateBitsPerSec < dropFraction * leastPaced;
      const underQueue = this.queueExcessMs() > 0 && rateBitsPerSec < dropFraction * current;
      if (underPaced || underQueue) this.maxFilter.reset();
    }
    this.maxFilter.add(rateBitsPerSec, nowMs);
    this.lastBtlBw = this.maxFilter.value(nowMs);
  }

  /** Our queue for the path is (true) or is not (false) backlogged behind the pacer. */
  onBacklog(backlogged: boolean, nowMs: number): void {
    if (!backlogged) this.backlogSinceMs = undefined;
    else this.backlogSinceMs ??= nowMs;
  }

  onSent(sizeBytes: number): void {
    this.sentBytesSinceCheck += sizeBytes;
  }

  onOverQueued(overQueued: boolean): void {
    this.overQueued = overQueued;
  }

  /** How long our queue for the path has been backlogged without a break (0 when it is not). */
  backloggedForMs(nowMs: number): number {
    return this.backlogSinceMs === undefined ? 0 : nowMs - this.backlogSinceMs;
  }

  btlBwBitsPerSec(nowMs: number): number {
    const windowed = this.maxFilter.value(nowMs);
    if (windowed !== undefined) this.lastBtlBw = windowed;
    return Math.max(this.o.minRateBitsPerSec, this.lastBtlBw ?? this.o.initialRateBitsPerSec);
  }

  pacingRateBitsPerSec(nowMs: number): number {
    this.advance(nowMs);
    const btlBw = this.btlBwBitsPerSec(nowMs);
    const p = this.phase;
    let rate: number;
    if (p.kind === "startup") rate = this.o.startupGain * btlBw;
    else if (p.kind === "drain") rate = drainGain * btlBw;
    else {
      const cycleGain = this.o.cruiseGains[p.index] ?? 1;
      const excessMs = this.queueExcessMs();
      // Demand standing above the pace with no queue on the path: the estimate, not the path, is the limit.
      const gain = this.probing(excessMs, btlBw, nowMs) ? Math.max(cycleGain, probeGain) : cycleGain;
      if (excessMs <= 0) rate = gain * btlBw;
      else {
        const backoff = Math.max(
          this.o.backoffFloorGain,
          this.o.backoffGain - excessMs * this.o.backoffPerQueueMs,
        );
        rate = Math.min(gain, backoff) * Math.min(btlBw, this.lastBusySample ?? btlBw);
      }
    }
    this.recentPacing.add(rate, nowMs);
    return rate;
  }

  /**
   * Probe above the estimate while demand stands above the pace and the path shows no queue: the estimate is
   * built from our own pace, so only pacing above it can find more. A probe that ends (demand met, or a queue
   * on the path) without raising the estimate 10% means the path is the limit: no probing for a while.
   */
  private probing(excessMs: number, btlBw: number, nowMs: number): boolean {
    const p = this.probe;
    const wanted = this.overQueued && excessMs <= 0 && nowMs >= this.probeBlockedUntilMs;
    if (p === undefined) {
      if (wanted) this.probe = { fromBw: btlBw, judgeAtMs: nowMs + probePhases * this.phaseMs() };
      return wanted;
    }
    if (wanted && nowMs < p.judgeAtMs) return true;
    this.probe = undefined;
    if (btlBw >= startupGrowth * p.fromBw) this.phase = this.startup(nowMs);
    else if (btlBw < probeGrowth * p.fromBw) this.probeBlockedUntilMs = nowMs + probeBlockMs;
    return false;
  }

  /** Queueing delay beyond what is tolerated, from the latest RTT sample (0 when none). */
  private queueExcessMs(): number {
    if (this.latestRttMs === undefined || this.minRttMs === undefined) return 0;
    const thresholdMs = Math.max(
      this.o.queueThresholdMinMs,
      this.o.queueThresholdRttFraction * this.minRttMs,
    );
    return Math.max(0, this.latestRttMs - this.minRttMs - thresholdMs);
  }

  private phaseMs(): number {
    return Math.min(this.o.maxPhaseMs, Math.max(this.o.minPhaseMs, this.minRttMs ?? this.o.minPhaseMs));
  }

  private startup(nowMs: number): Phase {
    return { kind: "startup", checkAtMs: nowMs + this.phaseMs(), bwAtCheck: 0, flatChecks: 0 };
  }

  private advance(nowMs: number): void {
    const p = this.phase;
    const phaseMs = this.phaseMs();
    if (p.kind === "startup") {
      if (this.queueExcessMs() > 0) {
        this.phase = { kind: "drain", untilMs: nowMs + phaseMs };
      } else if (nowMs >= p.checkAtMs) {
        const bw = this.btlBwBitsPerSec(nowMs);
        const grew = bw >= startupGrowth * p.bwAtCheck;
        // A check over which we sent less than half the estimate (an idle path, probes only) says nothing
        // about the path's capacity.
        const sentBitsPerSec = (this.sentBytesSinceCheck * 8_000) / Math.max(1, nowMs - this.lastCheckAtMs);
        const idle = sentBitsPerSec < 0.5 * bw;
        this.sentBytesSinceCheck = 0;
        this.lastCheckAtMs = nowMs;
        const flatChecks = grew ? 0 : idle ? p.flatChecks : p.flatChecks + 1;
        this.phase =
          flatChecks >= startupFlatChecks
            ? { kind: "drain", untilMs: nowMs + phaseMs }
            : { kind: "startup", checkAtMs: nowMs + phaseMs, bwAtCheck: grew ? bw : p.bwAtCheck, flatChecks };
      }
    } else if (p.kind === "drain") {
      // Cruise starts on a gain-1 phase: the drain already emptied what startup queued.
      if (nowMs >= p.untilMs) this.phase = this.cruise(2, nowMs + phaseMs, nowMs);
    } else if (nowMs >= p.phaseEndsAtMs) {
      const index = (p.index + 1) % this.o.cruiseGains.length;
      const phaseEndsAtMs = Math.max(p.phaseEndsAtMs + phaseMs, nowMs);
      if (index !== 0) this.phase = { ...p, index, phaseEndsAtMs };
      else if (this.estimateOutgrown(p, nowMs)) this.phase = this.startup(nowMs);
      else this.phase = this.cruise(0, phaseEndsAtMs, nowMs);
    }
  }

  private cruise(index: number, phaseEndsAtMs: number, nowMs: number): Cruise {
    return {
      kind: "cruise",
      index,
      phaseEndsAtMs,
      cycleStartMs: nowMs,
      cycleStartBw: this.btlBwBitsPerSec(nowMs),
    };
  }

  private estimateOutgrown(cycle: Cruise, nowMs: number): boolean {
    const backloggedAllCycle = this.backlogSinceMs !== undefined && this.backlogSinceMs <= cycle.cycleStartMs;
    if (!backloggedAllCycle || this.queueExcessMs() > 0) return false;
    return this.btlBwBitsPerSec(nowMs) >= restartGrowth * cycle.cycleStartBw;
  }
}
