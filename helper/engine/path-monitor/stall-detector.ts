// Reads the peer's FEEDBACK for one path as forward evidence: progress, or a stall of what we sent there.
//
// A report says "by my time X I had received N packets on path P". Probe echoes give baseOwdMs, the smallest
// (peer receive time - our send time) seen: the clock offset plus the path's minimum one-way delay. A packet we
// sent at t therefore reaches the peer at t + baseOwdMs + its queueing, in the peer's clock; allowing
// queueAllowanceMs of queueing, everything we sent before X - baseOwdMs - queueAllowanceMs should have been
// counted by X. If the count did not move since the last report that showed progress, while several such
// packets were due over a long enough span, the path is not delivering. Random loss cannot fake that: every
// one of those packets would have to be lost (at 2% loss, 8 in a row is 2.6e-14).

import type { TxHistory } from "./tx-history";

export type StallVerdict =
  /** The report is older than one already seen (duplicate FEEDBACK on two paths, reordering): ignored. */
  | "stale"
  /** The first report, or the peer's counters restarted: a new baseline, no judgement. */
  | "baseline"
  | "progress"
  /** No progress, but not enough due packets or time to say anything. */
  | "waiting"
  | "suspect"
  | "stalled";

export interface StallThresholds {
  /** Clock offset plus minimum one-way delay (peer clock minus ours), from probe echoes; undefined: unknown. */
  readonly baseOwdMs: number | undefined;
  readonly queueAllowanceMs: number;
  readonly suspectDuePackets: number;
  readonly suspectWindowMs: number;
  readonly stalledDuePackets: number;
  readonly stalledWindowMs: number;
}

export class StallDetector {
  private lastPeerAtMs: number | undefined;
  private lastRxPackets = 0;
  private progressPeerAtMs = 0;
  /** Due-by-now count at the previous report, for loss accounting. */
  private lastDuePackets: number | undefined;
  /** Loss accounting of the latest report: packets that became due, and packets the peer newly counted. */
  dueDelta = 0;
  receivedDelta = 0;
  /** Due packets still unanswered at the latest report (0 after progress). */
  unansweredDue = 0;

  constructor(private readonly tx: TxHistory) {}

  onReport(peerAtMs: number, rxPacketsTotal: number, limits: StallThresholds): StallVerdict {
    this.dueDelta = 0;
    this.receivedDelta = 0;
    if (this.lastPeerAtMs !== undefined && peerAtMs <= this.lastPeerAtMs) return "stale";
    const isFirst = this.lastPeerAtMs === undefined || rxPacketsTotal < this.lastRxPackets;
    this.lastPeerAtMs = peerAtMs;
    const base = limits.baseOwdMs;
    const duePackets =
      base === undefined ? undefined : this.tx.packetsSentBefore(peerAtMs - base - limits.queueAllowanceMs);
    if (isFirst) {
      this.resetProgress(peerAtMs, rxPacketsTotal, duePackets);
      return "baseline";
    }
    if (duePackets !== undefined && this.lastDuePackets !== undefined) {
      this.dueDelta = Math.max(0, duePackets - this.lastDuePackets);
      this.receivedDelta = rxPacketsTotal - this.lastRxPackets;
    }
    this.lastDuePackets = duePackets;
    if (rxPacketsTotal > this.lastRxPackets) {
      this.resetProgress(peerAtMs, rxPacketsTotal, duePackets);
      return "progress";
    }
    if (base === undefined || duePackets === undefined) return "waiting";
    const coveredBefore = this.tx.packetsSentBefore(this.progressPeerAtMs - base);
    if (coveredBefore === undefined) return "waiting";
    this.unansweredDue = Math.max(0, duePackets - coveredBefore);
    const windowMs = peerAtMs - this.progressPeerAtMs - limits.queueAllowanceMs;
    if (this.unansweredDue >= limits.stalledDuePackets && windowMs >= limits.stalledWindowMs)
      return "stalled";
    if (this.unansweredDue >= limits.suspectDuePackets && windowMs >= limits.suspectWindowMs)
      return "suspect";
    return "waiting";
  }

  private resetProgress(peerAtMs: number, rxPacketsTotal: number, duePackets: number | undefined): void {
    this.lastRxPackets = rxPacketsTotal;
    this.progressPeerAtMs = peerAtMs;
    this.lastDuePackets = duePackets;
    this.unansweredDue = 0;
  }
}
