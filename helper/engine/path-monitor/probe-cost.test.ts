import { describe, expect, it } from "vitest";
import { TwoPeerBench } from "./two-peer-bench";
import type { OuterIpHeaderBytes } from "./wire-size";

const dayMs = 86_400_000;
const budgetBytesPerDay = 1_000_000;

describe("probe cost of an idle backup LTE path", () => {
  for (const ipHeaderBytes of [20, 40] as OuterIpHeaderBytes[]) {
    it(`stays under 1 MB/day both ways, IP/UDP/WireGuard overhead included (IPv${ipHeaderBytes === 20 ? 4 : 6})`, () => {
      const bench = new TwoPeerBench(
        [
          {
            pathId: 7,
            client: { priority: "backup", metered: true, outerIpHeaderBytes: ipHeaderBytes },
            link: { oneWayDelayMs: 40, jitterMs: 10, lossRatio: 0.01 },
          },
        ],
        { seed: 11 },
      );
      bench.runUntil(dayMs);
      const client = bench.client.metrics(7, dayMs)!;
      const server = bench.server.metrics(7, dayMs + 12_345.678)!;
      // The server knows the path's family too in practice; scale its IPv4 figure to the same family.
      const serverWireBytes = server.probeWireBytesLastDay * ((ipHeaderBytes + 60) / 80);
      const totalBytes = client.probeWireBytesLastDay + serverWireBytes;
      expect(client.state).toBe("up");
      expect(totalBytes).toBeGreaterThan(100_000);
      expect(totalBytes).toBeLessThan(budgetBytesPerDay);
      console.log(
        `idle backup path, IPv${ipHeaderBytes === 20 ? 4 : 6}: ${Math.round(totalBytes / 1000)} KB/day`,
      );
    });
  }
});
