import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { MtuSearch } from "./mtu-search";
import { TwoPeerBench } from "./two-peer-bench";
import { datagramWireBytes, largestFrameWithin } from "./wire-size";

function benchWithLimit(maxDatagramBytes: number | undefined, lossRatio = 0, seed = 1) {
  return new TwoPeerBench(
    [
      {
        pathId: 1,
        client: { priority: "primary", metered: false },
        link: {
          oneWayDelayMs: 20,
          lossRatio,
          ...(maxDatagramBytes === undefined ? {} : { maxDatagramBytes }),
        },
      },
      { pathId: 2, client: { priority: "primary", metered: false }, link: { oneWayDelayMs: 10, lossRatio } },
    ],
    { seed },
  );
}

describe("path MTU discovery", () => {
  it("finds the interface MTU on a clean path with a single probe", () => {
    const bench = benchWithLimit(undefined);
    bench.runUntil(2_000);
    expect(bench.client.metrics(2, 2_000)?.pathMtuBytes).toBe(1500);
  });

  for (const limitBytes of [1280, 1400, 1420, 1492]) {
    it(`converges on a path that silently drops datagrams over ${limitBytes} bytes, despite 2% loss`, () => {
      const bench = benchWithLimit(limitBytes, 0.02, limitBytes);
      bench.runUntil(20_000);
      // The largest frame WireGuard padding allows under the limit, as a whole IPv4 datagram.
      const expected = datagramWireBytes(largestFrameWithin(limitBytes, 20), 20);
      expect(expected).toBeLessThanOrEqual(limitBytes);
      expect(expected).toBeGreaterThan(limitBytes - 16);
      expect(bench.client.metrics(1, 20_000)?.pathMtuBytes).toBe(expected);
    });
  }

  it("gives the tunnel the smallest working path MTU", () => {
    const bench = benchWithLimit(1400);
    bench.runUntil(10_000);
    const dataHeaderBytes = 12;
    expect(bench.client.tunnelMtuBytes(dataHeaderBytes)).toBe(largestFrameWithin(1400, 20) - dataHeaderBytes);
  });

  it("keeps the tunnel MTU while a path added later searches, and lowers it once that path proves narrower", () => {
    const bench = benchWithLimit(undefined);
    const dataHeaderBytes = 12;
    bench.runUntil(3_000);
    const settled = bench.client.tunnelMtuBytes(dataHeaderBytes) as number;
    expect(settled).toBe(largestFrameWithin(1500, 20) - dataHeaderBytes);
    // Path 1 is unplugged and comes back on a narrower network: a new search from the floor.
    bench.client.removePath(1);
    bench.server.removePath(1);
    bench.setLink(1, { oneWayDelayMs: 20, lossRatio: 0, maxDatagramBytes: 1400 });
    bench.client.addPath(1, { priority: "primary", metered: false }, bench.nowMs);
    bench.server.addPath(1, { priority: "primary", metered: false }, bench.nowMs + 12_345.678);
    const seen = new Set<number | undefined>();
    for (let atMs = 3_005; atMs <= 10_000; atMs += 5) {
      bench.runUntil(atMs);
      seen.add(bench.client.tunnelMtuBytes(dataHeaderBytes));
    }
    // Never the floor: from the wide path's MTU straight to the narrow path's, once found.
    expect([...seen]).toEqual([settled, largestFrameWithin(1400, 20) - dataHeaderBytes]);
  });

  it("does not count dropped MTU probes as path loss or as reasons to suspect the path", () => {
    const bench = benchWithLimit(1300);
    bench.runUntil(10_000);
    expect(bench.client.metrics(1, 10_000)?.lossRatio).toBe(0);
    expect(bench.events.filter((e) => e.kind === "path-degraded")).toHaveLength(0);
  });
});

describe("MtuSearch (property)", () => {
  it("settles on the largest passing frame for any limit, despite any single losses", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1280, max: 1500 }),
        fc.array(fc.boolean(), { maxLength: 40 }),
        (limit, losses) => {
          const floor = largestFrameWithin(1280, 20);
          const search = new MtuSearch(floor, largestFrameWithin(1500, 20));
          const passingLimit = largestFrameWithin(limit, 20);
          let lostLast = false;
          for (let step = 0; step < 60 && !search.isSettled; step++) {
            const frameBytes = search.probeDue(step)!;
            // Random loss, but never twice in a row: two losses of one size is how "too big" is told apart.
            const lost: boolean = !lostLast && (losses[step] ?? false);
            lostLast = lost;
            if (frameBytes <= passingLimit && !lost) search.onEcho(frameBytes, step, 1_000);
            else search.onLost(frameBytes, step, 1_000);
          }
          expect(search.isSettled).toBe(true);
          expect(search.passingFrameBytes).toBe(Math.max(floor, passingLimit));
        },
      ),
    );
  });
});
