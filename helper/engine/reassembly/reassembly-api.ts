// What the integration exchanges with the Reassembly Engine: its input per DATA packet and its counters.

import type { PathId } from "../path-types";
import type { ReassemblyLimits } from "./reassembly-limits";

/** A decoded DATA frame plus where it came from. */
export interface ReassemblyInput {
  readonly flowId: number;
  readonly flowSeq: number;
  readonly activePathMask: number;
  /** DATA flags; flowStart matters here. */
  readonly flags: number;
  /** Path the packet arrived on. */
  readonly pathId: PathId;
  /** Its (monotonic) WireGuard counter. */
  readonly counter: number;
  readonly packet: Uint8Array;
}

export interface ReassemblyCounters {
  /** Delivered on arrival: it was the next packet of its flow. */
  readonly inOrder: number;
  /** Arrived ahead of a gap and was held (whatever later released it). */
  readonly reordered: number;
  readonly duplicatesDropped: number;
  /** Arrived after its gap was given up; delivered late. */
  readonly late: number;
  /** Held packets released because the gap before them timed out. */
  readonly releasedOnTimeout: number;
  /** Held packets released because the gap before them was proven lost. */
  readonly releasedKnownLost: number;
  /** Held packets released early by a cap, an eviction or a resync. */
  readonly releasedForced: number;
  /** Sequence numbers given up (packets presumed lost). */
  readonly skippedSeqs: number;
  readonly resyncs: number;
  /** Flows evicted to stay within maxFlows. */
  readonly evicted: number;
  readonly heldNow: number;
  readonly flowsNow: number;
}

/** Which counter a held packet released after a given-up gap is added to. */
export type ReleaseReason = "releasedOnTimeout" | "releasedKnownLost" | "releasedForced";

export interface ReassemblyOptions {
  readonly limits?: Partial<ReassemblyLimits>;
  /** Initial hold time in ms (default 50); see ReassemblyEngine.setHoldMs. */
  readonly holdMs?: number;
}
