// A Braid client against a stock WireGuard server: plain WireGuard on one path with failover, or redundant copies.
import { describe, expect, it } from "vitest";
import { createStockServerPair } from "../testing/sim-engine-pair";
import { parseSimPacket, SimPacket } from "../testing/sim-ip-packet";
import { fiberAndLte, simUdpPacket } from "../testing/sim-udp-packet";
import { Simulation } from "../testing/simulation";
import { createDistributorScheduler } from "./distributor-scheduler";

const fiberDiesAt4s = {
  ...fiberAndLte,
  events: [{ atS: 4, link: "fiber", action: "down" as const }],
};

/** Sends one packet each way every 10 ms from 2 s to 8 s; returns the sequence numbers each end received. */
function runEcho(mode: "bond" | "redundant") {
  const sim = new Simulation(11);
  const pair = createStockServerPair(sim, fiberDiesAt4s, {
    mode,
    createScheduler: createDistributorScheduler,
  });
  const atServer: number[] = [];
  const atClient: number[] = [];
  const parsed = new SimPacket();
  pair.server.tun.listen((p) => parseSimPacket(p, parsed) && atServer.push(parsed.seq));
  pair.clientTun.listen((p) => parseSimPacket(p, parsed) && atClient.push(parsed.seq));
  for (let i = 0; i < 600; i++) {
    sim.schedule(2_000 + i * 10, () => pair.clientTun.offer(simUdpPacket(i, "up", 400)));
    sim.schedule(2_005 + i * 10, () => pair.server.tun.offer(simUdpPacket(i, "down", 400)));
  }
  sim.runUntil(9_000);
  return { pair, atServer, atClient };
}

describe("stock WireGuard fallback (simulated network)", () => {
  it("recognises a stock server, sends bare IP on one path and fails over when that path dies", () => {
    const { pair, atServer, atClient } = runEcho("bond");
    expect(pair.client.snapshot()[0]?.capability).toBe("stock-wireguard");
    // Everything before the outage and everything after the failover arrives; only the silence window is lost.
    const lostUp = 600 - new Set(atServer).size;
    expect(atServer.filter((seq) => seq < 190)).toHaveLength(190);
    expect(atServer.filter((seq) => seq >= 450)).toHaveLength(150);
    // Silence failover gives a path up after 2 s without an answer (stock peers send no probes): ≤ 2.5 s lost.
    expect(lostUp).toBeLessThan(250);
    expect(atClient.filter((seq) => seq >= 450)).toHaveLength(150); // the server roams to the surviving path
    console.log(`stock fallback, bond→failover: ${lostUp} of 600 upstream packets lost when the fiber died`);
  });

  it("in redundant mode loses nothing when a path dies (the stock server's replay window drops the copies)", () => {
    const { pair, atServer } = runEcho("redundant");
    expect(pair.client.snapshot()[0]?.capability).toBe("stock-wireguard");
    expect(atServer).toEqual(Array.from({ length: 600 }, (_, i) => i));
  });
});
