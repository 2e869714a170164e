// The printed figures and summary line of the simulator's reports.

import { describe, expect, it } from "vitest";
import { bulkFigures, probeFigures, summaryLine, tcpFigures } from "./sim-report";

describe("sim report", () => {
  it("prints delivered rate, efficiency, gaps and probe figures on one line", () => {
    const bulk = bulkFigures(
      {
        deliveredPackets: 1,
        deliveredBytes: 1,
        windowMs: 1,
        deliveredBitsPerSec: 27.41e6,
        inOrderRatio: 1,
        reorderedPackets: 0,
        duplicatePackets: 0,
        missingPackets: 0,
        maxGapMs: 12,
        oneWayDelayMeanMs: 20,
        oneWayDelayMaxMs: 30,
      },
      30e6,
    );
    const probes = probeFigures({
      sentProbes: 100,
      judgedProbes: 100,
      lossRatio: 0,
      maxGapMs: 20,
      rttP50Ms: 41.23,
      rttP99Ms: 88,
      rttMaxMs: 90,
    });
    expect(summaryLine("bond", bulk, probes)).toBe(
      "bond: 27.41 Mbit/s (91.4% of 30.00), max gap 12.0 ms; probes: loss 0.00%, max gap 20.0 ms, rtt p50 41.2 / p99 88.0 ms",
    );
  });

  it("reports TCP goodput and the longest application stall", () => {
    const figures = tcpFigures(
      {
        deliveredBytes: 0,
        measuredMs: 1000,
        goodputBitsPerSec: 5e6,
        completedAtMs: undefined,
        segmentsSent: 0,
        retransmits: 0,
        fastRetransmits: 0,
        timeouts: 0,
        srttMs: 40,
        maxStallMs: 250,
      },
      10e6,
    );
    expect(figures.efficiencyRatio).toBe(0.5);
    expect(summaryLine("tcp", figures)).toBe("tcp: 5.00 Mbit/s (50.0% of 10.00), max gap 250.0 ms");
  });
});
