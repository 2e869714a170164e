// Tunables of the Path Monitor, with the reasoning behind each default (detection speed against false alarms,
// probe cost against freshness).

import type { PathPriority } from "../path-types";
import type { HoldPolicy } from "./path-status";
import { defaultFrameSizes, type FrameSizes, type OuterIpHeaderBytes } from "./wire-size";

/**
 * The client owns probing of idle paths (it knows which are metered or backup); the server stops probing an
 * idle path while the client's probes arrive on it, so an idle path is probed once, not once from each end.
 */
export type MonitorRole = "client" | "server";

export interface PathConfig {
  readonly priority: PathPriority;
  /** Billed per byte (LTE, satellite): probed sparsely while idle, never used to fill in FEEDBACK. */
  readonly metered: boolean;
  /** MTU of the local interface: the ceiling of path MTU discovery. Default 1500. */
  readonly interfaceMtuBytes?: number;
  /** Default 20 (IPv4). */
  readonly outerIpHeaderBytes?: OuterIpHeaderBytes;
}

export interface MonitorOptions {
  readonly role: MonitorRole;
  readonly frameSizes: FrameSizes;
  /** Probe period of an up path in use: RTT samples for the schedulers, loss samples. */
  readonly probeIntervalMs: number;
  /** While a path looks suspect (a probe timed out, or degraded): confirms or clears it within a few RTTs. */
  readonly suspectProbeIntervalMs: number;
  /** A new path: fast, so it comes up within a few RTTs of being added. */
  readonly startupProbeIntervalMs: number;
  /**
   * An idle backup or metered path. One probe and one echo of 92 bytes each (IPv4) every 25 s is 636 KB/day;
   * 774 KB with IPv6; under the 1 MB/day budget with room for MTU rechecks and the odd retry. 25 s also keeps
   * a carrier-grade NAT mapping alive (typically 30 s or more for UDP).
   */
  readonly sparseProbeIntervalMs: number;
  /** A path with no data sent on it for this long is idle. */
  readonly idleAfterMs: number;
  /** Probe period while down: fast at first (quick recovery), slower after downFastForMs and downSlowForMs. */
  readonly downFastProbeIntervalMs: number;
  readonly downFastForMs: number;
  readonly downSlowProbeIntervalMs: number;
  readonly downSlowForMs: number;
  readonly downLongProbeIntervalMs: number;
  /** Receiver half: FEEDBACK period while data arrives, and how long it continues after the last data. */
  readonly feedbackIntervalMs: number;
  readonly feedbackLingerMs: number;
  /** FEEDBACK goes on at least this many non-metered up paths, so a dying path cannot silence it. */
  readonly feedbackMinPaths: number;
  /** Aimed-for time from a path's death under traffic to path-down (the requirement is 100 ms). */
  readonly detectionTargetMs: number;
  readonly suspectDuePackets: number;
  readonly suspectWindowMs: number;
  readonly stalledDuePackets: number;
  readonly stalledWindowMinMs: number;
  readonly stalledWindowMaxMs: number;
  /**
   * Reverse silence is judged only on paths we sent data on this recently: the peer then sends FEEDBACK on
   * them every feedbackIntervalMs (it lingers feedbackLingerMs), so their silence means something.
   */
  readonly reverseSilenceDataWithinMs: number;
  /** Consecutive unanswered probes that make an up path degraded, and a degraded path down. */
  readonly suspectAfterTimeouts: number;
  readonly downAfterTimeouts: number;
  /** A path degraded this long without clearing is down: it answers too irregularly to carry data. */
  readonly maxDegradedMs: number;
  readonly probeTimeoutMinMs: number;
  readonly probeTimeoutMaxMs: number;
  /** Before any RTT sample. */
  readonly probeTimeoutInitialMs: number;
  readonly hold: HoldPolicy;
  readonly mtuRecheckMs: number;
  /** Rechecks on an idle backup or metered path: a search costs a few KB. */
  readonly sparseMtuRecheckMs: number;
  readonly maxPaths: number;
  readonly maxPendingEvents: number;
}

export const defaultMonitorOptions: MonitorOptions = {
  role: "client",
  frameSizes: defaultFrameSizes,
  probeIntervalMs: 100,
  suspectProbeIntervalMs: 10,
  startupProbeIntervalMs: 20,
  sparseProbeIntervalMs: 25_000,
  idleAfterMs: 3_000,
  downFastProbeIntervalMs: 100,
  downFastForMs: 10_000,
  downSlowProbeIntervalMs: 1_000,
  downSlowForMs: 5 * 60_000,
  downLongProbeIntervalMs: 5_000,
  feedbackIntervalMs: 10,
  feedbackLingerMs: 100,
  feedbackMinPaths: 2,
  detectionTargetMs: 90,
  // Random loss p fakes these only if every due packet is lost: p^4 = 1.6e-7 and p^8 = 2.6e-14 at 2%.
  suspectDuePackets: 4,
  suspectWindowMs: 4,
  stalledDuePackets: 8,
  stalledWindowMinMs: 8,
  stalledWindowMaxMs: 40,
  reverseSilenceDataWithinMs: 50,
  // A probe round trip is lost with about 4% probability at 2% loss each way: 3 in a row is 6.4e-5 per probe
  // (a rare, harmless degraded), 6 in a row 4e-9 (never a false down).
  suspectAfterTimeouts: 3,
  downAfterTimeouts: 6,
  maxDegradedMs: 2_000,
  probeTimeoutMinMs: 25,
  probeTimeoutMaxMs: 2_000,
  probeTimeoutInitialMs: 1_000,
  hold: { recoverHoldMs: 1_000, maxHoldMs: 30_000, upAnswers: 3, recoverAnswers: 5, clearAnswers: 2 },
  mtuRecheckMs: 10 * 60_000,
  sparseMtuRecheckMs: 6 * 60 * 60_000,
  maxPaths: 32,
  maxPendingEvents: 256,
};
