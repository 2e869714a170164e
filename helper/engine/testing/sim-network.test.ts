// Paths, copies, scripted scenario events, determinism and scenario parsing of the simulated network.

import { describe, expect, it } from "vitest";
import { BulkSink, BulkSource } from "./sim-bulk-traffic";
import { simClientEndpoint, simPathIndexOf, simServerEndpoint } from "./sim-network";
import { PlainTunnel } from "./sim-plain-tunnel";
import { ProbeEchoer, ProbeStream } from "./sim-probe-traffic";
import { parseScenario, type Scenario } from "./sim-scenario";
import { Simulation } from "./simulation";

const twoPaths: Scenario = {
  links: [
    { name: "fiber", rateMbit: 10, delayMs: 10, jitterMs: 0, lossPct: 0 },
    { name: "lte", rateMbit: 5, delayMs: 40, jitterMs: 0, lossPct: 0 },
  ],
};

describe("SimNetwork", () => {
  it("carries datagrams both ways on the chosen path, reporting path and arrival time", () => {
    const sim = new Simulation(1);
    const net = sim.network(twoPaths, { wireOverheadBytes: 0 });
    const atServer: [number, number, number][] = [];
    const atClient: [number, number, number][] = [];
    net.server.onReceive((pathIndex, bytes, atMs) => atServer.push([pathIndex, bytes[0]!, atMs]));
    net.client.onReceive((pathIndex, bytes, atMs) => atClient.push([pathIndex, bytes[0]!, atMs]));
    net.client.send(1, new Uint8Array(1250).fill(7)); // 2 ms at 5 Mbit/s
    net.server.send(0, new Uint8Array(1250).fill(9)); // 1 ms at 10 Mbit/s
    sim.runUntil(100);
    expect(atServer).toEqual([[1, 7, 42]]);
    expect(atClient).toEqual([[0, 9, 11]]);
  });

  it("delivers a copy, so senders may reuse buffers and receivers may decrypt in place", () => {
    const sim = new Simulation(1);
    const net = sim.network(twoPaths);
    const received: Uint8Array[] = [];
    net.server.onReceive((_pathIndex, bytes) => {
      received.push(bytes);
      bytes.fill(0); // in-place decryption of one copy must not touch the other
    });
    const buffer = new Uint8Array([1, 2, 3]);
    net.client.send(0, buffer);
    net.client.send(1, buffer);
    buffer.fill(9);
    sim.runUntil(100);
    expect(received).toHaveLength(2);
    expect(received[0]).not.toBe(received[1]);
    expect([...buffer]).toEqual([9, 9, 9]);
    const fresh: Uint8Array[] = [];
    net.server.onReceive((_pathIndex, bytes) => fresh.push(bytes));
    net.client.send(0, new Uint8Array([1, 2, 3]));
    sim.runUntil(200);
    expect([...fresh[0]!]).toEqual([1, 2, 3]);
  });

  it("applies scripted outages and rate changes to both directions of a path", () => {
    const sim = new Simulation(1);
    const net = sim.network({
      links: [{ name: "a", rateMbit: 10, delayMs: 5, jitterMs: 0, lossPct: 0, queueBytes: 20_000 }],
      events: [
        { atS: 2, link: "a", action: "rate", rateMbit: 5 },
        { atS: 4, link: "a", action: "down" },
        { atS: 5, link: "a", action: "up" },
      ],
    });
    const tunnel = new PlainTunnel(net, sim.clock, { kind: "single", pathIndex: 0 });
    new BulkSource(sim.loop, tunnel.client, { rateBitsPerSec: 12e6, stopAtMs: 6000 });
    const before = new BulkSink(sim.loop, tunnel.server, { measureFromMs: 1000, measureToMs: 2000 });
    const after = new BulkSink(sim.loop, tunnel.server, { measureFromMs: 2500, measureToMs: 3500 });
    const outage = new BulkSink(sim.loop, tunnel.server, { measureFromMs: 3500, measureToMs: 6000 });
    sim.runUntil(6000);
    const wireShare = 1400 / 1428;
    expect(before.result().deliveredBitsPerSec / (10e6 * wireShare)).toBeCloseTo(1, 2);
    expect(after.result().deliveredBitsPerSec / (5e6 * wireShare)).toBeCloseTo(1, 2);
    expect(outage.result().maxGapMs).toBeGreaterThanOrEqual(1000);
    expect(outage.result().maxGapMs).toBeLessThan(1020); // plus delay, serialisation, last arrival before it
    expect(net.path("a").down.currentRateBitsPerSec).toBe(5e6);
    expect(net.path("a").up.counters.droppedPackets["link-down"]).toBeGreaterThan(0);
  });

  it("gives the same results for the same seed and different ones for another", () => {
    const run = (seed: number) => {
      const sim = new Simulation(seed);
      const net = sim.network({
        links: [
          { name: "wifi", rateMbit: 30, delayMs: 8, jitterMs: 4, lossPct: 1 },
          { name: "lte", rateMbit: 15, delayMs: 35, jitterMs: 10, lossPct: 0.5 },
        ],
        events: [{ atS: 1.5, link: "wifi", action: "down" }],
      });
      const tunnel = new PlainTunnel(net, sim.clock, { kind: "round-robin" });
      new BulkSource(sim.loop, tunnel.client, { rateBitsPerSec: 20e6 });
      const sink = new BulkSink(sim.loop, tunnel.server);
      const probes = new ProbeStream(sim.loop, tunnel.client, { rateHz: 100 });
      new ProbeEchoer(tunnel.server);
      sim.runUntil(3000);
      return JSON.stringify({
        sink: sink.result(),
        probes: probes.result(),
        events: sim.loop.eventsProcessed,
      });
    };
    expect(run(5)).toBe(run(5));
    expect(run(5)).not.toBe(run(6));
  });

  it("names client endpoints per path so a server engine can tell paths apart", () => {
    expect(simPathIndexOf(simClientEndpoint(0))).toBe(0);
    expect(simPathIndexOf(simClientEndpoint(3))).toBe(3);
    expect(simPathIndexOf(simServerEndpoint)).toBeUndefined();
    expect(simPathIndexOf({ address: simClientEndpoint(2).address, port: 1 })).toBeUndefined();
  });

  it("refuses sends on a path that does not exist, naming the valid ones", () => {
    const net = new Simulation(1).network(twoPaths);
    expect(() => net.client.send(2, new Uint8Array(10))).toThrow(/paths 0\.\.1/);
    expect(() => net.path("wifi")).toThrow(/fiber, lte/);
  });
});

describe("parseScenario", () => {
  it("accepts the lab's JSON format", () => {
    const scenario = parseScenario(
      JSON.parse(
        '{"name":"x","links":[{"name":"a","rateMbit":10,"delayMs":5,"jitterMs":1,"lossPct":0.5,"queueBytes":64000}],' +
          '"events":[{"atS":1,"link":"a","action":"rate","rateMbit":2},{"atS":2,"link":"a","action":"down"}]}',
      ),
    );
    expect(scenario.links[0]!.queueBytes).toBe(64000);
    expect(scenario.events).toEqual([
      { atS: 1, link: "a", action: "rate", rateMbit: 2 },
      { atS: 2, link: "a", action: "down" },
    ]);
  });

  it("says which field is wrong and what it expected", () => {
    const base = { name: "a", rateMbit: 10, delayMs: 5, jitterMs: 0, lossPct: 0 };
    const failures: [unknown, RegExp][] = [
      [{ links: [] }, /scenario\.links: expected a non-empty array/],
      [
        { links: [{ ...base, rateMbit: "10" }] },
        /links\[0\]\.rateMbit: expected a positive number of Mbit\/s, got "10"/,
      ],
      [{ links: [{ ...base, lossPercent: 1 }] }, /links\[0\]: unknown key "lossPercent"/],
      [{ links: [{ ...base, lossPct: 120 }] }, /lossPct: expected 0\.\.100/],
      [{ links: [base, base] }, /links\[1\]\.name: "a" is used twice/],
      [
        { links: [base], events: [{ atS: 1, link: "b", action: "down" }] },
        /events\[0\]\.link: no link named "b"/,
      ],
      [
        { links: [base], events: [{ atS: 1, link: "a", action: "rate" }] },
        /events\[0\]\.rateMbit: expected a positive/,
      ],
      [
        { links: [base], events: [{ atS: 1, link: "a", action: "flap" }] },
        /events\[0\]\.action: expected "down", "up" or "rate"/,
      ],
    ];
    for (const [input, message] of failures) expect(() => parseScenario(input)).toThrow(message);
  });
});
