// Bulk and probe traffic measure what a tunnel delivers: rate, order, gaps, loss and round trips.

import { describe, expect, it } from "vitest";
import { BulkSink, BulkSource } from "./sim-bulk-traffic";
import { buildSimPacket, SimPacket } from "./sim-ip-packet";
import { PlainTunnel } from "./sim-plain-tunnel";
import { ProbeEchoer, ProbeStream } from "./sim-probe-traffic";
import { bulkFigures, probeFigures, summaryLine } from "./sim-report";
import type { ScenarioLink } from "./sim-scenario";
import { SimTunnelEnd } from "./sim-traffic";
import { Simulation } from "./simulation";

function bulkPacket(seq: number): Uint8Array {
  const packet = new SimPacket();
  packet.streamId = 1;
  packet.seq = seq;
  packet.totalBytes = 1000;
  return buildSimPacket(packet);
}

function plainRun(links: ScenarioLink[], split: "single" | "round-robin", seed = 3) {
  const sim = new Simulation(seed);
  const net = sim.network({ links });
  const tunnel = new PlainTunnel(
    net,
    sim.clock,
    split === "single" ? { kind: "single", pathIndex: 0 } : { kind: split },
  );
  return { sim, net, tunnel };
}

describe("bulk traffic", () => {
  it("saturates the link sum and measures what gets through", () => {
    const links = [{ name: "a", rateMbit: 10, delayMs: 10, jitterMs: 0, lossPct: 0 }];
    const { sim, net, tunnel } = plainRun(links, "single");
    const source = new BulkSource(sim.loop, tunnel.client, { rateBitsPerSec: 1.2 * net.linkSumBitsPerSec() });
    const sink = new BulkSink(sim.loop, tunnel.server, { measureFromMs: 1000 });
    sim.runUntil(6000);
    const result = sink.result();
    console.log(summaryLine("bulk 1.2x over 10 Mbit/s", bulkFigures(result, net.linkSumBitsPerSec())));
    expect(result.deliveredBitsPerSec / (10e6 * (1400 / 1428))).toBeCloseTo(1, 2);
    expect(result.inOrderRatio).toBe(1);
    expect(result.missingPackets).toBeGreaterThan(0); // tail drops at the bottleneck
    expect(result.missingPackets).toBeLessThan(source.sentPackets);
    expect(result.oneWayDelayMaxMs).toBeGreaterThan(100); // the default 100 ms queue stays full
  });

  it("counts reordering, duplicates, holes and the longest silence", () => {
    const sim = new Simulation(1);
    const end = new SimTunnelEnd(sim.clock, () => {});
    const sink = new BulkSink(sim.loop, end);
    const arrivals: [number, number][] = [
      [0, 0],
      [10, 2],
      [20, 1],
      [30, 1],
      [230, 5],
      [240, 6],
    ];
    for (const [atMs, seq] of arrivals) sim.schedule(atMs, () => end.deliver(bulkPacket(seq)));
    sim.runUntil(250);
    const result = sink.result();
    expect(result.deliveredPackets).toBe(5);
    expect(result.reorderedPackets).toBe(1);
    expect(result.inOrderRatio).toBeCloseTo(4 / 5, 9);
    expect(result.duplicatePackets).toBe(1);
    expect(result.missingPackets).toBe(2); // 3 and 4
    expect(result.maxGapMs).toBe(210); // 20 -> 230: a duplicate delivers nothing new
  });

  it("lets several listeners share a tunnel end, each seeing only its stream", () => {
    const sim = new Simulation(1);
    const end = new SimTunnelEnd(sim.clock, () => {});
    const first = new BulkSink(sim.loop, end, { streamId: 1 });
    const second = new BulkSink(sim.loop, end, { streamId: 9 });
    end.deliver(bulkPacket(0));
    end.deliver(new Uint8Array([1, 2, 3])); // not a sim packet: ignored by both
    expect(first.result().deliveredPackets).toBe(1);
    expect(second.result().deliveredPackets).toBe(0);
  });
});

describe("probe stream", () => {
  it("measures the round trip of an idle path exactly", () => {
    const links = [{ name: "a", rateMbit: 10, delayMs: 20, jitterMs: 0, lossPct: 0 }];
    const { sim, tunnel } = plainRun(links, "single");
    const probes = new ProbeStream(sim.loop, tunnel.client, { rateHz: 20, packetBytes: 100 });
    new ProbeEchoer(tunnel.server);
    sim.runUntil(5000);
    const result = probes.result();
    const serialisationMs = (128 * 8) / 10e3;
    expect(result.rttP50Ms).toBeCloseTo(40 + 2 * serialisationMs, 9);
    expect(result.rttP99Ms).toBeCloseTo(result.rttP50Ms, 9);
    expect(result.lossRatio).toBe(0);
    expect(result.maxGapMs).toBeCloseTo(50, 6);
  });

  it("sees loss, jitter and an outage", () => {
    const links = [{ name: "a", rateMbit: 10, delayMs: 20, jitterMs: 5, lossPct: 5 }];
    const sim = new Simulation(4);
    const net = sim.network({
      links,
      events: [
        { atS: 10, link: "a", action: "down" },
        { atS: 11, link: "a", action: "up" },
      ],
    });
    const tunnel = new PlainTunnel(net, sim.clock, { kind: "single", pathIndex: 0 });
    const probes = new ProbeStream(sim.loop, tunnel.client, { rateHz: 100 });
    new ProbeEchoer(tunnel.server);
    sim.runUntil(40_000);
    const result = probes.result();
    console.log(
      summaryLine("probes 10 Mbit/s 20 ms, 5 ms jitter, 5% loss, 1 s outage", probeFigures(result)),
    );
    // 5% each way, plus the second of outage: 1 - 0.95^2 = 9.75%, and 100 of about 3900 probes.
    expect(result.lossRatio).toBeGreaterThan(0.11);
    expect(result.lossRatio).toBeLessThan(0.14);
    expect(result.maxGapMs).toBeGreaterThan(1000);
    expect(result.rttP99Ms).toBeGreaterThan(result.rttP50Ms + 5);
  });
});
