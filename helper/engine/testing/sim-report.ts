// Turns traffic measurements into the figures benchmarks report, and a one-line printable summary.

import type { BulkSinkResult } from "./sim-bulk-traffic";
import type { ProbeResult } from "./sim-probe-traffic";
import type { TcpFlowResult } from "./sim-tcp-flow";

/** Each traffic model fills the figures it can measure; summaryLine prints whichever are present. */
export interface Figures {
  readonly deliveredMbitPerSec?: number;
  readonly linkSumMbitPerSec?: number;
  /** Delivered IP-packet rate over the sum of link rates (tunnel and wire overhead count as waste). */
  readonly efficiencyRatio?: number;
  /** Longest stretch with nothing delivered (bulk) or with the application stalled (TCP). */
  readonly maxGapMs?: number;
  readonly probeLossRatio?: number;
  readonly probeMaxGapMs?: number;
  readonly rttP50Ms?: number;
  readonly rttP99Ms?: number;
}

export function bulkFigures(result: BulkSinkResult, linkSumBitsPerSec: number): Figures {
  return { ...rateFigures(result.deliveredBitsPerSec, linkSumBitsPerSec), maxGapMs: result.maxGapMs };
}

export function tcpFigures(result: TcpFlowResult, linkSumBitsPerSec: number): Figures {
  return { ...rateFigures(result.goodputBitsPerSec, linkSumBitsPerSec), maxGapMs: result.maxStallMs };
}

export function probeFigures(result: ProbeResult): Figures {
  return {
    probeLossRatio: result.lossRatio,
    probeMaxGapMs: result.maxGapMs,
    rttP50Ms: result.rttP50Ms,
    rttP99Ms: result.rttP99Ms,
  };
}

function rateFigures(deliveredBitsPerSec: number, linkSumBitsPerSec: number): Figures {
  return {
    deliveredMbitPerSec: deliveredBitsPerSec / 1e6,
    linkSumMbitPerSec: linkSumBitsPerSec / 1e6,
    efficiencyRatio: linkSumBitsPerSec > 0 ? deliveredBitsPerSec / linkSumBitsPerSec : Number.NaN,
  };
}

/** e.g. "bond: 27.41 Mbit/s (91.4% of 30.00), max gap 12.0 ms; probes: loss 0.00%, max gap 20.0 ms, rtt p50 41.2 / p99 88.0 ms" */
export function summaryLine(label: string, ...parts: readonly Figures[]): string {
  const figures: Figures = Object.assign({}, ...parts);
  const traffic: string[] = [];
  if (figures.deliveredMbitPerSec !== undefined) {
    const share =
      figures.efficiencyRatio === undefined || figures.linkSumMbitPerSec === undefined
        ? ""
        : ` (${percent(figures.efficiencyRatio, 1)} of ${figures.linkSumMbitPerSec.toFixed(2)})`;
    traffic.push(`${figures.deliveredMbitPerSec.toFixed(2)} Mbit/s${share}`);
  }
  if (figures.maxGapMs !== undefined) traffic.push(`max gap ${figures.maxGapMs.toFixed(1)} ms`);
  const probes: string[] = [];
  if (figures.probeLossRatio !== undefined) probes.push(`loss ${percent(figures.probeLossRatio, 2)}`);
  if (figures.probeMaxGapMs !== undefined) probes.push(`max gap ${figures.probeMaxGapMs.toFixed(1)} ms`);
  if (figures.rttP50Ms !== undefined && figures.rttP99Ms !== undefined) {
    probes.push(`rtt p50 ${figures.rttP50Ms.toFixed(1)} / p99 ${figures.rttP99Ms.toFixed(1)} ms`);
  }
  const sections = [traffic.join(", "), probes.length > 0 ? `probes: ${probes.join(", ")}` : ""];
  return `${label}: ${sections.filter((section) => section !== "").join("; ")}`;
}

function percent(ratio: number, decimals: number): string {
  return `${(ratio * 100).toFixed(decimals)}%`;
}
