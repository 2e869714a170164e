// Test traffic shared by the session tests: one numbered UDP packet, and the two-link network most of them use.
import { buildSimPacket, SimPacket } from "./sim-ip-packet";
import type { Scenario } from "./sim-scenario";

/** A UDP packet carrying seq: "up" from the client's tunnel address, "down" towards it. */
export function simUdpPacket(seq: number, direction: "up" | "down", totalBytes: number): Uint8Array {
  const packet = new SimPacket();
  packet.protocol = "udp";
  packet.kind = "probe";
  packet.seq = seq;
  packet.totalBytes = totalBytes;
  packet.srcPort = 40_001;
  packet.dstPort = 7;
  if (direction === "down") packet.reverse();
  return buildSimPacket(packet);
}

/** A 50 Mbit/s 10 ms fiber beside a 20 Mbit/s 30 ms LTE link, no loss, no jitter. */
export const fiberAndLte: Scenario = {
  links: [
    { name: "fiber", rateMbit: 50, delayMs: 10, jitterMs: 0, lossPct: 0 },
    { name: "lte", rateMbit: 20, delayMs: 30, jitterMs: 0, lossPct: 0 },
  ],
};
