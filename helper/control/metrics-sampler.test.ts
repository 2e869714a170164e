// Rates and shares from counter deltas over the real elapsed time; history keeps five minutes and no more.
import { describe, expect, it } from "vitest";
import type { PeerSnapshot } from "../engine/session/engine-api";
import { EventHistory, MetricsSampler } from "./metrics-sampler";

function peer(paths: Array<[string, number, number]>): PeerSnapshot {
  return {
    peerKey: "k",
    capability: "braid",
    mode: "bond",
    lastHandshakeAtMs: 0,
    counters: {},
    paths: paths.map(([name, txBytes, rxBytes], i) => ({
      name,
      pathId: i,
      state: "up",
      priority: "primary",
      srttMs: 10 + i,
      rttVarMs: 1,
      lossRatio: 0.01,
      deliveryRateBitsPerSec: undefined,
      relativeOneWayDelayMs: 0,
      txBytes,
      rxBytes,
      probeBytesTotal: 0,
      pathMtuBytes: 1420,
    })),
  };
}

describe("metrics sampler", () => {
  it("computes bits per second over the elapsed time and each path's share", () => {
    const sampler = new MetricsSampler();
    expect(
      sampler.sample(
        [
          peer([
            ["eth0", 0, 0],
            ["wlan0", 0, 0],
          ]),
        ],
        1000,
      ),
    ).toBeUndefined();
    // 250 ms elapsed (a late tick): 75,000 B and 25,000 B sent.
    const event = sampler.sample(
      [
        peer([
          ["eth0", 75_000, 10_000],
          ["wlan0", 25_000, 0],
        ]),
      ],
      1250,
    );
    expect(event?.kind).toBe("path-metrics");
    const paths = event?.kind === "path-metrics" ? event.paths : [];
    expect(paths[0]).toMatchObject({
      interface: "eth0",
      txBitsPerSec: 2_400_000,
      rxBitsPerSec: 320_000,
      shareRatio: 0.75,
    });
    expect(paths[1]).toMatchObject({
      interface: "wlan0",
      txBitsPerSec: 800_000,
      shareRatio: 0.25,
      bytesUsed: 25_000,
    });
  });

  it("bytesUsed is the host's month usage where it keeps one", () => {
    const sampler = new MetricsSampler();
    const monthly = (p: { name: string; txBytes: number; rxBytes: number }) =>
      7_000_000 + p.txBytes + p.rxBytes;
    sampler.sample([peer([["wwan0", 0, 0]])], 0, monthly);
    const event = sampler.sample([peer([["wwan0", 1_000, 500]])], 100, monthly);
    const paths = event?.kind === "path-metrics" ? event.paths : [];
    expect(paths[0]?.bytesUsed).toBe(7_001_500);
  });

  it("history drops events older than five minutes", () => {
    const history = new EventHistory();
    for (let atMs = 0; atMs <= 400_000; atMs += 100_000)
      history.add({ kind: "all-paths-down", atMs, detail: "" });
    expect(history.snapshot().map((e) => e.atMs)).toEqual([100_000, 200_000, 300_000, 400_000]);
  });
});
