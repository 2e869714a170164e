// The SACK sender repairs a burst of holes in about one round trip, falls to the RTO only when a retransmission is lost.

import { describe, expect, it } from "vitest";
import { parseSimPacket, SimPacket } from "./sim-ip-packet";
import { PlainTunnel } from "./sim-plain-tunnel";
import { summaryLine, tcpFigures } from "./sim-report";
import { TcpFlow, type TcpFlowOptions } from "./sim-tcp-flow";
import type { TunnelEnd } from "./sim-traffic";
import { Simulation } from "./simulation";

const rttMs = 40;

/**
 * One flow over a 20 Mbit/s, 20 ms one-way link; dropTransmissions says how many times a segment's
 * transmissions are dropped (0: never), so that losses are exactly the ones a test wants.
 */
function runWithDrops(
  dropTransmissions: (seq: number) => number,
  options: TcpFlowOptions,
  durationMs: number,
  queueBytes = 256 * 1024,
) {
  const sim = new Simulation(5);
  const net = sim.network({
    links: [{ name: "a", rateMbit: 20, delayMs: rttMs / 2, jitterMs: 0, lossPct: 0, queueBytes }],
  });
  const tunnel = new PlainTunnel(net, sim.clock, { kind: "single", pathIndex: 0 });
  const parsed = new SimPacket();
  const seen = new Map<number, number>();
  const lossy: TunnelEnd = {
    offer(packet) {
      if (parseSimPacket(packet, parsed) && parsed.kind === "tcp-data") {
        const times = seen.get(parsed.seq) ?? 0;
        seen.set(parsed.seq, times + 1);
        if (times < dropTransmissions(parsed.seq)) return;
      }
      tunnel.client.offer(packet);
    },
    listen: (listener) => tunnel.client.listen(listener),
  };
  const flow = new TcpFlow(sim.loop, lossy, tunnel.server, options);
  sim.runUntil(durationMs);
  return flow.result();
}

// 64 segments stay under the 20 Mbit/s x 40 ms BDP (71), so the link itself never drops or queues.
const windowed = { maxWindowSegments: 64, totalBytes: 3000 * 1400 } as const;
const burst = (seq: number) => (seq >= 500 && seq < 530 ? 1 : 0);

describe("simulated TCP with SACK (RFC 6675)", () => {
  it("repairs a burst of 30 lost segments within two round trips, without an RTO", () => {
    const result = runWithDrops(burst, windowed, 10_000);
    expect(result.completedAtMs).toBeDefined();
    expect(result.timeouts).toBe(0);
    expect(result.retransmits).toBe(30);
    expect(result.fastRetransmits).toBe(1);
    expect(result.maxStallMs).toBeLessThan(2 * rttMs + 10);
  });

  it("takes one round trip per hole for the same burst without SACK (NewReno)", () => {
    const sack = runWithDrops(burst, windowed, 10_000);
    const newReno = runWithDrops(burst, { ...windowed, lossRecovery: "newreno" }, 10_000);
    expect(newReno.completedAtMs! - sack.completedAtMs!).toBeGreaterThan(20 * rttMs);
  });

  it("falls to the RTO when a retransmission is lost, then completes", () => {
    const result = runWithDrops((seq) => (seq === 500 ? 2 : 0), windowed, 10_000);
    expect(result.completedAtMs).toBeDefined();
    expect(result.timeouts).toBe(1);
    expect(result.retransmits).toBe(2);
    expect(result.maxStallMs).toBeGreaterThanOrEqual(200);
  });

  it("backs the RTO off exponentially while every retransmission is lost", () => {
    const result = runWithDrops((seq) => (seq === 500 ? 5 : 0), windowed, 20_000);
    expect(result.completedAtMs).toBeDefined();
    expect(result.timeouts).toBe(4);
    // 200 + 400 + 800 + 1600 ms of timers, at least, before the fifth transmission gets through.
    expect(result.maxStallMs).toBeGreaterThanOrEqual(3000);
  });

  it("fills an ideal 20 Mbit/s link with a one-BDP queue from slow start on (figures printed)", () => {
    const bdpBytes = (20e6 * rttMs) / 1000 / 8;
    const result = runWithDrops(() => 0, { measureFromMs: 0 }, 20_000, bdpBytes);
    console.log(
      `${summaryLine("tcp sack 20M/20ms one-BDP queue", tcpFigures(result, 20e6))} | rto ${result.timeouts}`,
    );
    expect(result.timeouts).toBe(0);
    expect(result.goodputBitsPerSec).toBeGreaterThanOrEqual(0.9 * 20e6);
  });

  // CUBIC cuts to 0.7, so its retransmissions meet a queue still nearly full: without RACK (which Linux has) a
  // retransmission lost there waits for the RTO, once here.
  it("fills the same link with CUBIC growth too, with at most one RTO", () => {
    const bdpBytes = (20e6 * rttMs) / 1000 / 8;
    const result = runWithDrops(() => 0, { measureFromMs: 0, congestionControl: "cubic" }, 20_000, bdpBytes);
    console.log(`${summaryLine("tcp sack cubic 20M/20ms one-BDP queue", tcpFigures(result, 20e6))}`);
    expect(result.timeouts).toBeLessThanOrEqual(1);
    expect(result.goodputBitsPerSec).toBeGreaterThanOrEqual(0.9 * 20e6);
  });
});
