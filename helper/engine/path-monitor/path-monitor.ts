// Path Monitor: probes each path, measures it, runs its state machine and raises PathEvents; the same module
// is both the sender half (probes, echoes, the peer's FEEDBACK) and the receiver half (what FEEDBACK to send).
//
// Pure and clock-injected: every call takes nowMs; tick(nowMs) returns what to send and what happened, and
// nextDeadlineMs() says when to tick next. It takes decoded values and never touches bytes on the wire.
//
// Integration contract:
// - onDataSent for every DATA datagram when it actually leaves the socket (after pacing); probes, echoes and
//   FEEDBACK that tick()/onProbeReceived() ask for are counted here already, so they must be sent at once,
//   ahead of any data queue (queued probes would measure our own queue, not the path).
// - onAnyPacketReceived for every authenticated datagram from the peer, then onProbeReceived / onProbeEcho /
//   onFeedback (one call per FEEDBACK entry) for those frames. Sizes are UDP payload bytes.
// - After a handler returns true (a state changed), refresh the Data Distributor's view of that path at once.
//
// Detection (details in stall-detector.ts and monitor-config.ts):
// - Under traffic: the peer's FEEDBACK (every 10 ms on two paths) shows whether what we sent on a path
//   arrived. Several due packets unanswered over a few ms -> degraded (no new data); 8+ over a window sized
//   so that death-to-down stays under ~90 ms at 20-60 ms RTT -> down.
// - Reverse silence: nothing from the peer on an up path we send data on, for a few of its usual spacings, while
//   another path delivers -> no new data there, silently, until the next arrival (reverse-silence.ts).
// - Without traffic: 3 probes in a row unanswered -> degraded, 6 -> down (probes every 10 ms once suspect).
// - Back up: 2 answers clear a first suspicion; after a down, 5 answers over a hold of 1 s that doubles with
//   each flap in the last 5 minutes (up to 30 s).

import type { PathEvent, PathId, PathPriority } from "../path-types";
import { EventQueue } from "./event-queue";
import { type FeedbackRequest, FeedbackSchedule } from "./feedback-schedule";
import { defaultMonitorOptions, type MonitorOptions, type PathConfig } from "./monitor-config";
import { describePath, type MonitoredPathMetrics } from "./path-metrics-view";
import { PathRecord } from "./path-record";
import { PathRoster } from "./path-roster";
import {
  clearReverseSilence,
  type EventSink,
  expireDegraded,
  recordDeath,
  recordEvidence,
  recordProbeTimeout,
  recordReverseSilence,
  recordSuspicion,
} from "./path-transitions";
import { mtuRecheckMs, probeIntervalMs } from "./probe-cadence";
import { ProbeEmitter, type ProbeRequest } from "./probe-emitter";
import { feedbackFrameBytes } from "./wire-size";

export interface FeedbackReport {
  readonly rxBytesTotal: number;
  readonly rxPacketsTotal: number;
  /** The peer's clock when it wrote the FEEDBACK. */
  readonly peerAtMs: number;
}

export interface MonitorTick {
  readonly probes: readonly ProbeRequest[];
  readonly feedback: FeedbackRequest | undefined;
  readonly events: readonly PathEvent[];
}

export type { MonitoredPathMetrics } from "./path-metrics-view";
export type { ProbeRequest } from "./probe-emitter";

export class PathMonitor {
  private currentOptions: MonitorOptions;
  private readonly paths: PathRoster;
  private readonly feedback: FeedbackSchedule;
  private readonly events: EventQueue;
  private readonly probes: ProbeEmitter;
  private nextDeadline = Number.NEGATIVE_INFINITY;
  /** Calls naming an unknown path, unknown probe ids, duplicate echoes, non-numbers: dropped and counted. */
  ignoredInputs = 0;
  /** Up paths taken off new data because nothing arrived on them (reverse-silence.ts), and how many of those an
   * arrival then cleared (false alarms, each costing the path a few ms of new data). */
  readonly reverseSilence = { suspected: 0, cleared: 0 };

  constructor(options: Partial<MonitorOptions> = {}) {
    this.currentOptions = { ...defaultMonitorOptions, ...options };
    this.paths = new PathRoster(this.options.maxPaths);
    this.events = new EventQueue(this.options.maxPendingEvents);
    this.probes = new ProbeEmitter(() => this.currentOptions);
    this.feedback = new FeedbackSchedule(
      this.options.feedbackIntervalMs,
      this.options.feedbackLingerMs,
      this.options.maxPaths,
    );
  }

  /** Returns false when the path limit is reached; an existing path just takes the new configuration. */
  addPath(pathId: PathId, config: PathConfig, nowMs: number): boolean {
    const existing = this.paths.get(pathId);
    if (existing !== undefined) {
      existing.priority = config.priority;
      existing.metered = config.metered;
      return true;
    }
    if (!this.paths.add(new PathRecord(pathId, config, nowMs))) return false;
    this.feedback.addPath(pathId);
    this.nextDeadline = nowMs;
    return true;
  }

  get options(): MonitorOptions {
    return this.currentOptions;
  }

  /**
   * A new probe period for up paths in use (the user changed the probe rate while connected). A faster rate is
   * planned at once; a slower one from each path's next probe.
   */
  setProbeIntervalMs(probeIntervalMs: number, nowMs: number): void {
    if (!(Number.isFinite(probeIntervalMs) && probeIntervalMs > 0)) return;
    this.currentOptions = { ...this.currentOptions, probeIntervalMs };
    this.replanProbes(nowMs);
  }

  removePath(pathId: PathId): void {
    this.paths.remove(pathId);
    this.feedback.removePath(pathId);
  }

  setPriority(pathId: PathId, priority: PathPriority): void {
    const path = this.paths.get(pathId);
    if (path !== undefined) path.priority = priority;
  }

  setMetered(pathId: PathId, metered: boolean): void {
    const path = this.paths.get(pathId);
    if (path !== undefined) path.metered = metered;
  }

  pathIds(): PathId[] {
    return this.paths.ids();
  }

  /** Events dropped because nobody called tick() for too long. */
  get droppedEvents(): number {
    return this.events.dropped;
  }

  // --- sender half -------------------------------------------------------------------------------------------

  /** Per packet: a DATA datagram of sizeBytes (UDP payload) left on pathId. */
  onDataSent(pathId: PathId, sizeBytes: number, nowMs: number): void {
    const path = this.paths.get(pathId);
    if (path === undefined || !(sizeBytes >= 0)) {
      this.ignoredInputs++;
      return;
    }
    const wasIdle = path.isIdle(nowMs, this.options);
    path.tx.recordSend(nowMs);
    path.txBytes += sizeBytes;
    path.lastDataSentAtMs = nowMs;
    // A sparse path that starts carrying data needs RTT samples and liveness at the normal pace now.
    if (wasIdle) this.replanProbes(nowMs);
  }

  /** The peer echoed our probe; peerRxAtMs is its clock when the probe arrived. True if a state changed. */
  onProbeEcho(pathId: PathId, probeId: number, nowMs: number, peerRxAtMs: number): boolean {
    const path = this.paths.get(pathId);
    const probe = Number.isFinite(peerRxAtMs) ? path?.ledger.answer(probeId) : undefined;
    if (path === undefined || probe === undefined) {
      this.ignoredInputs++;
      return false;
    }
    if (probe.purpose === "mtu") {
      path.mtu.onEcho(probe.frameBytes, nowMs, this.mtuRecheckMs(path, nowMs));
    } else {
      // A late echo undoes the loss counted at its timeout; its RTT is real (a queue spike) and kept.
      path.addLossSamples(probe.wasDeclaredLost ? 0 : 1, probe.wasDeclaredLost ? -1 : 0, nowMs);
      path.rtt.addSample(nowMs - probe.sentAtMs, nowMs);
      path.addOwdSample(peerRxAtMs - probe.sentAtMs, nowMs);
    }
    return this.afterTransition(recordEvidence(path, nowMs, this.options, this.emit), nowMs);
  }

  /** One FEEDBACK entry about pathId (the FEEDBACK may have arrived on any path). True if a state changed. */
  onFeedback(pathId: PathId, report: FeedbackReport, nowMs: number): boolean {
    const path = this.paths.get(pathId);
    const valid = Number.isFinite(report.peerAtMs) && report.rxBytesTotal >= 0 && report.rxPacketsTotal >= 0;
    if (path === undefined || !valid) {
      this.ignoredInputs++;
      return false;
    }
    const o = this.options;
    const verdict = path.stall.onReport(
      report.peerAtMs,
      report.rxPacketsTotal,
      path.stallThresholds(o, nowMs),
    );
    if (verdict === "stale") return false;
    path.delivery.onReport(report.peerAtMs, report.rxBytesTotal, nowMs);
    const due = path.stall.dueDelta;
    path.addLossSamples(due, due - path.stall.receivedDelta, nowMs);
    const unanswered = `peer received none of ${path.stall.unansweredDue} packets due`;
    let changed = false;
    if (verdict === "progress") changed = recordEvidence(path, nowMs, o, this.emit);
    else if (verdict === "suspect") changed = recordSuspicion(path, nowMs, unanswered, this.emit);
    else if (verdict === "stalled") changed = recordDeath(path, nowMs, unanswered, this.emit);
    return this.afterTransition(changed, nowMs);
  }

  // --- receiver half -----------------------------------------------------------------------------------------

  /** Per packet: any authenticated datagram of sizeBytes (UDP payload) from the peer on pathId. */
  onAnyPacketReceived(pathId: PathId, sizeBytes: number, nowMs: number, isData: boolean, counter = 0): void {
    const path = this.paths.get(pathId);
    const accepted = sizeBytes >= 0 && this.feedback.onReceived(pathId, sizeBytes, nowMs, isData, counter);
    if (path === undefined || !accepted) {
      this.ignoredInputs++;
      return;
    }
    path.rxBytes += sizeBytes;
    path.arrivals.onArrival(nowMs);
    // A state change here must reach the Data Distributor: the next tick (now) refreshes its view.
    if (this.afterTransition(clearReverseSilence(path, nowMs), nowMs)) {
      this.reverseSilence.cleared++;
      this.nextDeadline = nowMs;
    }
    if (this.checkReverseSilence(nowMs)) this.nextDeadline = nowMs;
    if (isData) this.nextDeadline = Math.min(this.nextDeadline, this.feedback.nextDueMs());
  }

  /**
   * The peer probed us on pathId: echo it at once (same path, echo frame size from the codec). Returns the
   * receive time to put in the echo, or undefined for an unknown path (send nothing).
   */
  onProbeReceived(pathId: PathId, nowMs: number): number | undefined {
    const path = this.paths.get(pathId);
    if (path === undefined) {
      this.ignoredInputs++;
      return undefined;
    }
    path.lastPeerProbeAtMs = nowMs;
    path.recordOwnFrame(this.options.frameSizes.probeEchoBytes, nowMs, true);
    return nowMs;
  }

  // --- time ---------------------------------------------------------------------------------------------------

  tick(nowMs: number): MonitorTick {
    const probes: ProbeRequest[] = [];
    let deadline = Number.POSITIVE_INFINITY;
    for (const path of this.paths.all()) {
      this.expireProbes(path, nowMs);
      this.afterTransition(expireDegraded(path, nowMs, this.options, this.emit), nowMs);
      this.probes.emitDue(path, nowMs, this.paths.anotherUp(path), probes);
    }
    this.checkReverseSilence(nowMs);
    // A second pass: a transition on one path can bring another path's probes forward.
    for (const path of this.paths.all()) {
      deadline = Math.min(deadline, path.nextProbeAtMs, path.nextTimeoutAtMs);
      // Only a future instant: a silence already due waits for an arrival elsewhere (onAnyPacketReceived), so
      // the timer never re-arms at now.
      const quietAtMs = this.reverseQuietAtMs(path, nowMs);
      if (quietAtMs > nowMs) deadline = Math.min(deadline, quietAtMs);
      if (path.status.kind === "degraded")
        deadline = Math.min(deadline, path.status.sinceMs + this.options.maxDegradedMs);
    }
    const feedback = nowMs >= this.feedback.nextDueMs() ? this.takeFeedback(nowMs) : undefined;
    this.nextDeadline = Math.min(deadline, this.feedback.nextDueMs());
    return { probes, feedback, events: this.events.take() };
  }

  /** When tick() should run next (it may run earlier; running it late delays probes and detection). */
  nextDeadlineMs(): number {
    return this.nextDeadline;
  }

  // --- views --------------------------------------------------------------------------------------------------

  metrics(pathId: PathId, nowMs: number): MonitoredPathMetrics | undefined {
    const path = this.paths.get(pathId);
    return path === undefined ? undefined : describePath(path, this.paths.fastestOwdMs(), nowMs);
  }

  /**
   * Largest inner packet every usable path carries: the smallest passing probe frame over the paths that are
   * up or degraded, minus the DATA header. Before discovery settles it is the 1280-byte floor's frame.
   */
  tunnelMtuBytes(dataHeaderBytes: number): number | undefined {
    const smallestFrameBytes = this.paths.smallestPassingFrameBytes();
    return smallestFrameBytes === undefined ? undefined : smallestFrameBytes - dataHeaderBytes;
  }

  // --- internals ----------------------------------------------------------------------------------------------

  private readonly emit: EventSink = (kind, path, nowMs, detail) => {
    this.events.push({ atMs: nowMs, kind, pathId: path.pathId, detail });
  };

  /** Brings forward probes that the current states and uses call for sooner than planned. */
  private replanProbes(nowMs: number): void {
    for (const path of this.paths.all()) this.replanPath(path, nowMs);
  }

  private replanPath(path: PathRecord, nowMs: number): void {
    const intervalMs = probeIntervalMs(path, nowMs, this.options, this.paths.anotherUp(path));
    path.nextProbeAtMs = Math.min(path.nextProbeAtMs, nowMs + intervalMs);
    this.nextDeadline = Math.min(this.nextDeadline, path.nextProbeAtMs);
  }

  private afterTransition(changed: boolean, nowMs: number): boolean {
    if (!changed) return false;
    this.replanProbes(nowMs);
    this.events.checkAllDown(this.paths, nowMs);
    return true;
  }

  /** When silence on an up path we send data on becomes suspicious; Infinity when it cannot. */
  private reverseQuietAtMs(path: PathRecord, nowMs: number): number {
    const carriesData = nowMs - path.lastDataSentAtMs <= this.options.reverseSilenceDataWithinMs;
    if (path.status.kind !== "up" || !carriesData || !Number.isFinite(path.arrivals.lastAtMs))
      return Number.POSITIVE_INFINITY;
    return path.arrivals.quietAtMs();
  }

  /** Up paths silent past their usual spacing while another path delivered since: no new data (see reverse-silence.ts). */
  private checkReverseSilence(nowMs: number): boolean {
    let latestArrivalAtMs = Number.NEGATIVE_INFINITY;
    for (const path of this.paths.all())
      latestArrivalAtMs = Math.max(latestArrivalAtMs, path.arrivals.lastAtMs);
    let changed = false;
    for (const path of this.paths.all()) {
      if (nowMs < this.reverseQuietAtMs(path, nowMs) || latestArrivalAtMs <= path.arrivals.lastAtMs) continue;
      const silentMs = Math.round(nowMs - path.arrivals.lastAtMs);
      const reason = `nothing from the peer for ${silentMs} ms while other paths deliver`;
      if (!this.afterTransition(recordReverseSilence(path, nowMs, reason), nowMs)) continue;
      this.reverseSilence.suspected++;
      changed = true;
    }
    return changed;
  }

  private expireProbes(path: PathRecord, nowMs: number): void {
    path.nextTimeoutAtMs = path.ledger.expire(
      nowMs,
      path.probeTimeoutMs(this.options),
      path.mtuProbeTimeoutMs(this.options),
      (purpose, frameBytes) => {
        if (purpose === "mtu") {
          path.mtu.onLost(frameBytes, nowMs, this.mtuRecheckMs(path, nowMs));
          return;
        }
        path.addLossSamples(1, 1, nowMs);
        this.afterTransition(recordProbeTimeout(path, nowMs, this.options, this.emit), nowMs);
        // One unanswered probe makes an up path suspect: the next probe goes at the suspect pace.
        if (path.status.kind === "up") this.replanPath(path, nowMs);
      },
    );
  }

  private mtuRecheckMs(path: PathRecord, nowMs: number): number {
    return mtuRecheckMs(path, nowMs, this.options, this.paths.anotherUp(path));
  }

  private takeFeedback(nowMs: number): FeedbackRequest | undefined {
    const route = this.paths.feedbackRoute(
      this.feedback.pathsWithRecentData(nowMs),
      this.options.feedbackMinPaths,
    );
    const feedback = this.feedback.take(nowMs, route);
    if (feedback === undefined) return undefined;
    const frameBytes = feedbackFrameBytes(this.options.frameSizes, feedback.entries.length);
    for (const pathId of feedback.onPathIds) this.paths.get(pathId)?.recordOwnFrame(frameBytes, nowMs, false);
    return feedback;
  }
}
