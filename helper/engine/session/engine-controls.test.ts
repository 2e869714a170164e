// What the control API steers on a running engine: a data cap moves traffic off a path; the tunnel MTU is announced.
import { describe, expect, it } from "vitest";
import { createEnginePair } from "../testing/sim-engine-pair";
import { parseSimPacket, SimPacket } from "../testing/sim-ip-packet";
import { fiberAndLte, simUdpPacket } from "../testing/sim-udp-packet";
import { Simulation } from "../testing/simulation";
import { createDistributorScheduler } from "./distributor-scheduler";

describe("engine controls (simulated network)", () => {
  it("a data cap reached on the fiber moves the client's traffic to LTE, and lifting it brings it back", () => {
    const sim = new Simulation(5);
    const pair = createEnginePair(sim, fiberAndLte, {
      mode: "bond",
      createScheduler: createDistributorScheduler,
    });
    let delivered = 0;
    pair.serverTun.listen(() => delivered++);
    sim.runUntil(2_000);
    const txBytes = (pathId: number) =>
      pair.client.snapshot()[0]?.paths.find((p) => p.pathId === pathId)?.txBytes ?? 0;
    const send = (fromMs: number) => {
      for (let i = 0; i < 200; i++)
        sim.schedule(fromMs + i * 5, () => pair.clientTun.offer(simUdpPacket(i, "up", 1_200)));
    };

    pair.client.setDataCap(pair.serverPeerKey, 0, 1_000, 2_000); // already over: no more data on the fiber
    const fiberBefore = txBytes(0);
    const lteBefore = txBytes(1);
    send(2_000);
    sim.runUntil(3_500);
    expect(delivered).toBe(200);
    expect(txBytes(1) - lteBefore).toBeGreaterThan(0.9 * 200 * 1_200);
    expect(txBytes(0) - fiberBefore).toBeLessThan(10 * 1_200); // probes only

    pair.client.setDataCap(pair.serverPeerKey, 0, undefined);
    const fiberLifted = txBytes(0);
    send(3_500);
    sim.runUntil(5_000);
    expect(delivered).toBe(400);
    expect(txBytes(0) - fiberLifted).toBeGreaterThan(0.5 * 200 * 1_200);
  });

  it("delivers packets sent in the first round trips, before any path has answered a probe", () => {
    const sim = new Simulation(3);
    const veth = { links: [{ name: "veth", rateMbit: 1_000, delayMs: 0.05, jitterMs: 0, lossPct: 0 }] };
    const pair = createEnginePair(sim, veth, { mode: "bond", createScheduler: createDistributorScheduler });
    const delivered: number[] = [];
    const parsed = new SimPacket();
    pair.serverTun.listen((p) => parseSimPacket(p, parsed) && delivered.push(parsed.seq));
    for (let i = 0; i < 40; i++) sim.schedule(i * 2, () => pair.clientTun.offer(simUdpPacket(i, "up", 84)));
    sim.runUntil(1_000);
    expect(delivered).toEqual(Array.from({ length: 40 }, (_, i) => i));
  });

  it("refuses a data cap that is not a number of bytes", () => {
    const sim = new Simulation(6);
    const pair = createEnginePair(sim, fiberAndLte, {
      mode: "bond",
      createScheduler: createDistributorScheduler,
    });
    expect(() => pair.client.setDataCap(pair.serverPeerKey, 0, -5)).toThrow(
      /data cap must be a number of bytes/,
    );
    expect(() => pair.client.setDataCap("no-such-peer", 0, 5)).toThrow(/no peer/);
  });

  it("a probe rate changed on the running engine changes how many probe bytes an idle path costs", () => {
    const sim = new Simulation(8);
    const pair = createEnginePair(sim, fiberAndLte, {
      mode: "bond",
      createScheduler: createDistributorScheduler,
    });
    const probeBytes = () =>
      pair.client.snapshot()[0]?.paths.find((p) => p.pathId === 0)?.probeBytesTotal ?? 0;
    sim.runUntil(10_000); // up, MTU found
    const atDefault = probeBytes();
    sim.runUntil(20_000);
    const defaultCost = probeBytes() - atDefault; // 10 Hz
    pair.client.setProbeIntervalMs(500); // 2 Hz
    sim.runUntil(21_000);
    const atSlow = probeBytes();
    sim.runUntil(31_000);
    const slowCost = probeBytes() - atSlow;
    pair.client.setProbeIntervalMs(50); // 20 Hz
    sim.runUntil(32_000);
    const atFast = probeBytes();
    sim.runUntil(42_000);
    const fastCost = probeBytes() - atFast;
    expect(slowCost).toBeGreaterThan(0);
    expect(defaultCost / slowCost).toBeGreaterThan(4);
    expect(defaultCost / slowCost).toBeLessThan(6);
    expect(fastCost / defaultCost).toBeGreaterThan(1.8);
    expect(fastCost / defaultCost).toBeLessThan(2.2);
    expect(() => pair.client.setProbeIntervalMs(0)).toThrow(/probe interval must be/);
  });

  it("announces the tunnel MTU found by probing once the peer is Braid", () => {
    const sim = new Simulation(7);
    const pair = createEnginePair(sim, fiberAndLte, {
      mode: "bond",
      createScheduler: createDistributorScheduler,
    });
    expect(pair.client.tunnelMtuBytes()).toBeUndefined();
    sim.runUntil(5_000);
    const announced = pair.events.filter((e) => e.side === "client" && e.event.kind === "tunnel-mtu");
    expect(announced.length).toBeGreaterThan(0);
    const last = announced.at(-1)?.event;
    expect(last?.kind === "tunnel-mtu" ? last.mtuBytes : undefined).toBe(pair.client.tunnelMtuBytes());
    expect(pair.client.tunnelMtuBytes()).toBeGreaterThanOrEqual(1_280);
  });
});
