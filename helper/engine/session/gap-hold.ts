// How long the Reassembly Engine may hold a gap: what a missing packet on the slowest live path could still need.
import type { PathMetrics } from "../path-types";

/** Margin for timer granularity and serialization on top of the measured spread. */
const marginMs = 5;
/** Beyond this, waiting costs more than the retransmission it would save. */
const maxHoldMs = 1_000;

/** The spread of one-way delays between the live paths, plus twice the largest RTT variation, plus a margin. */
export function gapHoldMs(paths: Iterable<PathMetrics>): number {
  let spreadMs = 0;
  let jitterMs = 0;
  for (const metrics of paths) {
    if (metrics.state === "down") continue;
    spreadMs = Math.max(spreadMs, metrics.relativeOneWayDelayMs ?? 0);
    jitterMs = Math.max(jitterMs, metrics.rttVarMs ?? 0);
  }
  return Math.min(maxHoldMs, spreadMs + 2 * jitterMs + marginMs);
}
