// The session layer end to end in simulated time: handshake, capability negotiation, data both ways, routing
// checks and hostile datagrams. Scheduling here is a test double (first up path, no pacing): the real Data
// Distributor is exercised by the multipath figures in multipath-figures.test.ts.
import { describe, expect, it } from "vitest";
import type { MonitoredPathMetrics } from "../path-monitor/path-monitor";
import type { PathId, SchedulerMode } from "../path-types";
import { createEnginePair } from "../testing/sim-engine-pair";
import { parseSimPacket, SimPacket } from "../testing/sim-ip-packet";
import { fiberAndLte, simUdpPacket } from "../testing/sim-udp-packet";
import { Simulation } from "../testing/simulation";
import type { PathScheduler } from "./path-scheduler";

/** Test double: every packet on the lowest-numbered path not down, sent at once. */
function firstPathScheduler(mode: SchedulerMode): PathScheduler {
  const states = new Map<PathId, string>();
  const queue: Array<{ pathId: PathId; datagram: Uint8Array }> = [];
  return {
    mode,
    setMode() {},
    updatePath: (metrics: MonitoredPathMetrics) => void states.set(metrics.pathId, metrics.state),
    removePath: (pathId) => void states.delete(pathId),
    setDataCap() {},
    choose: () => {
      const up = [...states].filter(([, state]) => state !== "down").map(([id]) => id);
      return up.length > 0 ? [Math.min(...up)] : [];
    },
    activePathMask: () => 1,
    enqueue: (pathId, datagram) => queue.push({ pathId, datagram }) > 0,
    dequeueReady: (_nowMs, send) => {
      for (const item of queue.splice(0)) send(item.pathId, item.datagram);
    },
    nextDeadlineMs: () => Number.POSITIVE_INFINITY,
    counters: {},
    takeEvents: () => [],
  };
}

function udpPacket(seq: number, direction: "up" | "down"): Uint8Array {
  return simUdpPacket(seq, direction, 200);
}

describe("Braid engine sessions (simulated network)", () => {
  it("handshakes, agrees on Braid and carries packets both ways in order", () => {
    const sim = new Simulation(1);
    const pair = createEnginePair(sim, fiberAndLte, { mode: "bond", createScheduler: firstPathScheduler });
    const atServer: number[] = [];
    const atClient: number[] = [];
    const parsed = new SimPacket();
    pair.serverTun.listen((p) => parseSimPacket(p, parsed) && atServer.push(parsed.seq));
    pair.clientTun.listen((p) => parseSimPacket(p, parsed) && atClient.push(parsed.seq));

    pair.clientTun.offer(udpPacket(0, "up")); // queued until the handshake completes
    sim.runUntil(2_000);
    for (let i = 1; i <= 50; i++) sim.schedule(2_000 + i, () => pair.clientTun.offer(udpPacket(i, "up")));
    for (let i = 1; i <= 50; i++) sim.schedule(2_000 + i, () => pair.serverTun.offer(udpPacket(i, "down")));
    sim.runUntil(3_000);

    expect(atServer).toEqual(Array.from({ length: 51 }, (_, i) => i));
    expect(atClient).toEqual(Array.from({ length: 50 }, (_, i) => i + 1));
    const [clientView] = pair.client.snapshot();
    const [serverView] = pair.server.snapshot();
    expect(clientView?.capability).toBe("braid");
    expect(serverView?.capability).toBe("braid");
    expect(serverView?.paths.map((p) => p.pathId).sort()).toEqual([0, 1]); // learned from the client's probes
    expect(pair.events.some((e) => e.side === "client" && e.event.kind === "handshake")).toBe(true);
  });

  it("drops a packet whose source the peer is not allowed to use, and one with no route", () => {
    const sim = new Simulation(2);
    const pair = createEnginePair(sim, fiberAndLte, { mode: "bond", createScheduler: firstPathScheduler });
    let delivered = 0;
    pair.serverTun.listen(() => delivered++);
    sim.runUntil(500);
    const spoofed = udpPacket(1, "up");
    spoofed[12] = 192; // source 192.77.0.2: outside the client's AllowedIPs (10.77.0.2/32)
    pair.clientTun.offer(spoofed);
    const nowhere = udpPacket(2, "down"); // from the server's TUN to 10.77.0.2 ... but sent into the client
    pair.serverTun.offer(udpPacket(3, "up")); // destination 10.77.0.1: no peer owns it on the server
    pair.clientTun.offer(nowhere);
    sim.runUntil(1_000);
    expect(delivered).toBe(0);
    expect(pair.server.counters.rxSourceNotAllowed).toBe(2);
    expect(pair.server.counters.tunPacketsNoRoute).toBe(1);
  });

  it("survives garbage, truncated and replayed datagrams, counting them, and keeps serving", () => {
    const sim = new Simulation(3);
    const pair = createEnginePair(sim, fiberAndLte, { mode: "bond", createScheduler: firstPathScheduler });
    const captured: Uint8Array[] = [];
    pair.serverTaps.push((_path, bytes) => captured.push(bytes.slice()));
    sim.runUntil(1_000);
    const random = sim.random("garbage");
    const before = pair.server.counters.rxDropped;
    for (let length = 0; length < 300; length++) {
      const junk = new Uint8Array(length);
      random.fill(junk);
      if (length > 0) junk[0] = (length % 5) as number; // every message type byte, and unknown ones
      pair.server.handleDatagram(0, { address: "192.0.2.9", port: 9 }, junk);
    }
    for (const old of captured) pair.server.handleDatagram(0, { address: "198.51.100.1", port: 40000 }, old);
    expect(pair.server.counters.rxDropped - before).toBeGreaterThanOrEqual(300);
    let delivered = 0;
    pair.serverTun.listen(() => delivered++);
    pair.clientTun.offer(udpPacket(7, "up"));
    sim.runUntil(1_500);
    expect(delivered).toBe(1);
  });
});
