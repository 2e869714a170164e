// The TCP model fills a link, suffers from reordering across unequal paths, and runs fast enough for long flows.

import { describe, expect, it } from "vitest";
import { type PlainSplit, PlainTunnel } from "./sim-plain-tunnel";
import { summaryLine, tcpFigures } from "./sim-report";
import type { ScenarioLink } from "./sim-scenario";
import { TcpFlow, type TcpFlowOptions } from "./sim-tcp-flow";
import { Simulation } from "./simulation";

/** Runs one TCP flow client -> server through a plain tunnel until durationMs and prints its summary. */
function runTcp(links: ScenarioLink[], split: PlainSplit, durationMs: number, options: TcpFlowOptions = {}) {
  const sim = new Simulation(11);
  const net = sim.network({ links });
  const tunnel = new PlainTunnel(net, sim.clock, split);
  const flow = new TcpFlow(sim.loop, tunnel.client, tunnel.server, options);
  const startedAt = performance.now();
  sim.runUntil(durationMs);
  const wallMs = performance.now() - startedAt;
  const result = flow.result();
  const linkSum = split.kind === "single" ? links[split.pathIndex]!.rateMbit * 1e6 : net.linkSumBitsPerSec();
  const from = options.measureFromMs === undefined ? "" : ` from ${options.measureFromMs / 1000} s`;
  const label = `tcp ${links.map((l) => `${l.rateMbit}M/${l.delayMs}ms`).join("+")} ${split.kind}${from}`;
  const counts = `fast rtx ${result.fastRetransmits}, timeouts ${result.timeouts}`;
  const speed = `${sim.loop.eventsProcessed} events in ${wallMs.toFixed(0)} ms wall`;
  console.log(`${summaryLine(label, tcpFigures(result, linkSum))} | ${counts}, ${speed}`);
  return { result, sim, wallMs };
}

function link(name: string, rateMbit: number, delayMs: number): ScenarioLink {
  const bdpBytes = (rateMbit * 1e6 * 2 * delayMs) / 1000 / 8;
  return { name, rateMbit, delayMs, jitterMs: 0, lossPct: 0, queueBytes: bdpBytes };
}

describe("simulated TCP (NewReno)", () => {
  it("fills a 20 Mbit/s, 20 ms link with a one-BDP queue to at least 85% once past slow start", () => {
    const { result } = runTcp([link("a", 20, 20)], { kind: "single", pathIndex: 0 }, 30_000, {
      measureFromMs: 10_000,
    });
    expect(result.goodputBitsPerSec).toBeGreaterThanOrEqual(0.85 * 20e6);
    expect(result.srttMs).toBeGreaterThan(40);
  });

  it("goes much slower split round-robin over a 30 ms and a 300 ms path than on the 30 ms path alone", () => {
    const paths = [link("fast", 20, 15), link("slow", 20, 150)];
    const alone = runTcp(paths, { kind: "single", pathIndex: 0 }, 20_000).result;
    const split = runTcp(paths, { kind: "round-robin" }, 20_000).result;
    expect(split.goodputBitsPerSec).toBeLessThan(alone.goodputBitsPerSec / 3);
    expect(split.fastRetransmits).toBeGreaterThan(alone.fastRetransmits);
  });

  it("completes a 60-second transfer at 100 Mbit/s (wall time printed)", () => {
    const totalBytes = (100e6 / 8) * 60 * 0.9;
    const { result, sim, wallMs } = runTcp([link("a", 100, 10)], { kind: "single", pathIndex: 0 }, 70_000, {
      totalBytes,
    });
    expect(result.completedAtMs).toBeLessThan(70_000);
    expect(result.deliveredBytes).toBeGreaterThanOrEqual(totalBytes);
    const eventsPerSec = (sim.loop.eventsProcessed / wallMs) * 1000;
    console.log(`60 s at 100 Mbit/s: ${(eventsPerSec / 1e6).toFixed(2)} M events per second of wall time`);
  }, 30_000);
});
