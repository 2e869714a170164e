// Vocabulary shared by the Data Distributor, Reassembly Engine, Path Monitor and the app's charts.

/** Small integer naming one path (local socket, remote address) within a peer; agreed by both ends. */
export type PathId = number;

/** primary: always used; secondary: only when primaries are saturated or down; backup: only when nothing else is up. */
export type PathPriority = "primary" | "secondary" | "backup";

export type PathState = "probing" | "up" | "degraded" | "down";

/** How the Data Distributor spreads packets over paths. */
export type SchedulerMode =
  | "bond" // earliest expected arrival (ECF/BLEST-like); the default
  | "redundant" // every packet on the N best paths
  | "lowest-latency" // minimum smoothed RTT first
  | "loss-aware" // shares follow measured loss
  | "weighted" // weighted round-robin by configured or measured bandwidth
  | "round-robin"
  | "failover"; // one path at a time; the fallback against a stock WireGuard peer

export const schedulerModes: readonly SchedulerMode[] = [
  "bond",
  "redundant",
  "lowest-latency",
  "loss-aware",
  "weighted",
  "round-robin",
  "failover",
];

export interface PathMetrics {
  readonly pathId: PathId;
  readonly state: PathState;
  readonly priority: PathPriority;
  readonly srttMs: number | undefined;
  readonly rttVarMs: number | undefined;
  /** Loss over the monitor's sliding window, 0..1. */
  readonly lossRatio: number;
  /** Estimated deliverable rate (what the receiver reports getting when we push), bits per second. */
  readonly deliveryRateBitsPerSec: number | undefined;
  /** One-way delay relative to the fastest path, ms (0 for the fastest). */
  readonly relativeOneWayDelayMs: number | undefined;
  readonly txBytes: number;
  readonly rxBytes: number;
  readonly probeBytesTotal: number;
  /** Largest datagram known to pass on this path, bytes. */
  readonly pathMtuBytes: number | undefined;
}

export type PathEventKind =
  | "path-up"
  | "path-down"
  | "path-degraded"
  | "path-recovered"
  | "failover"
  | "all-paths-down";

export interface PathEvent {
  readonly atMs: number;
  readonly kind: PathEventKind;
  readonly pathId: PathId | undefined;
  /** For failover: the path traffic moved to. */
  readonly toPathId?: PathId;
  readonly detail: string;
}
