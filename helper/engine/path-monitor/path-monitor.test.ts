import { describe, expect, it } from "vitest";
import type { PathId } from "../path-types";
import { type BenchPath, TwoPeerBench } from "./two-peer-bench";

const warmUpMs = 5_000;

function twoPaths(rttMs: number, lossRatio = 0): BenchPath[] {
  return [
    {
      pathId: 1,
      client: { priority: "primary", metered: false },
      link: { oneWayDelayMs: rttMs / 2, jitterMs: 1, lossRatio },
    },
    {
      pathId: 2,
      client: { priority: "primary", metered: false },
      link: { oneWayDelayMs: 15, jitterMs: 1, lossRatio },
    },
  ];
}

function clientEvents(bench: TwoPeerBench, pathId: PathId, kind: string) {
  return bench.events.filter((e) => e.side === "client" && e.pathId === pathId && e.kind === kind);
}

describe("path death under traffic", () => {
  for (const rttMs of [20, 40, 60]) {
    it(`declares a ${rttMs} ms RTT path down within 100 ms of dying while carrying data`, () => {
      const delaysMs: number[] = [];
      // Several death instants relative to the probe and FEEDBACK phases, to catch the worst case.
      for (let phase = 0; phase < 6; phase++) {
        const bench = new TwoPeerBench(twoPaths(rttMs), { seed: 7 + phase });
        const endMs = warmUpMs + 2_000;
        bench.sendData(1, 1, 1200, endMs); // about 10 Mbit/s
        bench.sendData(2, 2, 1200, endMs);
        const deathMs = warmUpMs + phase * 1.7;
        bench.runUntil(deathMs);
        expect(clientEvents(bench, 1, "path-up")).toHaveLength(1);
        expect(bench.client.metrics(1, deathMs)?.state).toBe("up");
        bench.setAlive(1, false);
        bench.runUntil(endMs);
        const [down] = clientEvents(bench, 1, "path-down");
        const [degraded] = clientEvents(bench, 1, "path-degraded");
        expect(down).toBeDefined();
        expect(degraded).toBeDefined();
        expect(degraded!.atMs).toBeLessThanOrEqual(down!.atMs);
        delaysMs.push(down!.atMs - deathMs);
        // The other path is untouched.
        expect(clientEvents(bench, 2, "path-down")).toHaveLength(0);
      }
      expect(Math.max(...delaysMs)).toBeLessThanOrEqual(100);
      console.log(`${rttMs} ms RTT: path-down ${Math.round(Math.max(...delaysMs))} ms after death at worst`);
    });
  }

  it("stops new data on a dying 20 ms RTT path from the peer's silence, before FEEDBACK over an 80 ms RTT path could", () => {
    const paths: BenchPath[] = [
      { ...twoPaths(20)[0]! },
      { ...twoPaths(20)[1]!, link: { oneWayDelayMs: 40, jitterMs: 1, lossRatio: 0 } },
    ];
    const stoppedAfterMs: number[] = [];
    for (let phase = 0; phase < 6; phase++) {
      const bench = new TwoPeerBench(paths, { seed: 17 + phase });
      const endMs = warmUpMs + 1_000;
      bench.sendData(1, 1, 1200, endMs);
      bench.sendData(2, 2, 1200, endMs);
      const deathMs = warmUpMs + phase * 1.7;
      bench.runUntil(deathMs);
      bench.setAlive(1, false);
      let t = deathMs;
      while (bench.client.metrics(1, t)?.state === "up" && t < endMs) {
        t += 1;
        bench.runUntil(t);
      }
      stoppedAfterMs.push(t - deathMs);
    }
    console.log(`reverse silence: new data stopped ${stoppedAfterMs.map(Math.round)} ms after death`);
    // The peer's FEEDBACK takes the 40 ms one-way path: it cannot show the stall before 40 + 10 ms.
    expect(Math.max(...stoppedAfterMs)).toBeLessThan(40);
  });

  it("declares an idle path down from probes alone, and raises all-paths-down when it was the last", () => {
    const bench = new TwoPeerBench(
      [{ pathId: 1, client: { priority: "primary", metered: false }, link: { oneWayDelayMs: 20 } }],
      { seed: 3 },
    );
    bench.runUntil(warmUpMs);
    bench.setAlive(1, false);
    bench.runUntil(warmUpMs + 1_000);
    const [down] = clientEvents(bench, 1, "path-down");
    expect(down!.atMs - warmUpMs).toBeLessThan(500);
    const allDown = bench.events.filter((e) => e.side === "client" && e.kind === "all-paths-down");
    expect(allDown).toHaveLength(1);
    expect(allDown[0]!.pathId).toBe(1);
  });
});

describe("no false alarms", () => {
  it("raises no path-down over 10 minutes of 2% random loss each way, with traffic", () => {
    const bench = new TwoPeerBench(twoPaths(40, 0.02), { seed: 2024 });
    const endMs = 10 * 60_000;
    bench.sendData(1, 2, 1200, endMs);
    bench.sendData(2, 5, 1200, endMs);
    bench.runUntil(endMs);
    const downs = bench.events.filter((e) => e.kind === "path-down" || e.kind === "all-paths-down");
    expect(downs).toHaveLength(0);
    // Reverse-silence suspicions need two or three of the peer's datagrams lost in a row: rare, and each one
    // cleared by the next arrival.
    const silence = bench.client.reverseSilence;
    console.log(
      `2% loss, 10 min: ${silence.suspected} reverse-silence suspicions, ${silence.cleared} cleared`,
    );
    expect(silence.suspected - silence.cleared).toBeLessThanOrEqual(1);
    // A rare degraded (brief suspicion, cleared at once) is tolerated; a stream of them is not.
    const degraded = bench.events.filter((e) => e.kind === "path-degraded");
    expect(degraded.length).toBeLessThanOrEqual(2);
    const loss = bench.client.metrics(1, endMs)?.lossRatio ?? 0;
    expect(loss).toBeGreaterThan(0.005);
    expect(loss).toBeLessThan(0.05);
  });

  it("raises no path-down over 10 minutes of 2% random loss on idle paths (probes only)", () => {
    const bench = new TwoPeerBench(twoPaths(40, 0.02), { seed: 99 });
    bench.runUntil(10 * 60_000);
    expect(bench.events.filter((e) => e.kind === "path-down")).toHaveLength(0);
  });
});

describe("recovery hysteresis", () => {
  it("holds a link flapping every 300 ms down instead of producing a storm of events, then recovers", () => {
    const bench = new TwoPeerBench(twoPaths(40), { seed: 5 });
    const flapUntilMs = warmUpMs + 60_000;
    bench.sendData(1, 2, 1200, flapUntilMs + 20_000);
    bench.sendData(2, 2, 1200, flapUntilMs + 20_000);
    bench.runUntil(warmUpMs);
    for (let t = warmUpMs, alive = false; t < flapUntilMs; t += 300, alive = !alive) {
      bench.setAlive(1, alive);
      bench.runUntil(t + 300);
    }
    bench.setAlive(1, true);
    const flapEvents = bench.events.filter(
      (e) => e.side === "client" && e.pathId === 1 && e.kind !== "path-up",
    );
    expect(flapEvents.length).toBeLessThanOrEqual(4);
    bench.runUntil(flapUntilMs + 20_000);
    expect(bench.client.metrics(1, bench.nowMs)?.state).toBe("up");
    expect(clientEvents(bench, 1, "path-recovered").length).toBeGreaterThanOrEqual(1);
  });

  it("clears a lone short outage quickly", () => {
    const bench = new TwoPeerBench(twoPaths(40), { seed: 8 });
    bench.sendData(1, 1, 1200, warmUpMs + 5_000);
    bench.sendData(2, 1, 1200, warmUpMs + 5_000);
    bench.runUntil(warmUpMs);
    bench.setAlive(1, false);
    bench.runUntil(warmUpMs + 200);
    bench.setAlive(1, true);
    bench.runUntil(warmUpMs + 3_000);
    const [recovered] = clientEvents(bench, 1, "path-recovered");
    expect(recovered).toBeDefined();
    expect(recovered!.atMs - (warmUpMs + 200)).toBeLessThan(1_500);
  });
});

describe("measurements", () => {
  it("measures RTT, one-way delay relative to the fastest path, and delivery rate", () => {
    const bench = new TwoPeerBench(
      [
        { pathId: 1, client: { priority: "primary", metered: false }, link: { oneWayDelayMs: 5 } },
        { pathId: 2, client: { priority: "primary", metered: false }, link: { oneWayDelayMs: 30 } },
      ],
      { seed: 1 },
    );
    bench.sendData(1, 1, 1250, 4_000); // 10 Mbit/s of UDP payload
    bench.runUntil(4_000);
    const fast = bench.client.metrics(1, 4_000)!;
    const slow = bench.client.metrics(2, 4_000)!;
    expect(fast.srttMs).toBeCloseTo(10, 0);
    expect(slow.srttMs).toBeCloseTo(60, 0);
    expect(fast.relativeOneWayDelayMs).toBeCloseTo(0, 0);
    expect(slow.relativeOneWayDelayMs).toBeCloseTo(25, 0);
    expect(fast.deliveryRateBitsPerSec! / 10e6).toBeGreaterThan(0.95);
    expect(fast.deliveryRateBitsPerSec! / 10e6).toBeLessThan(1.1);
  });

  it("ignores inputs about unknown paths and unknown probes", () => {
    const bench = new TwoPeerBench(twoPaths(40), { seed: 1 });
    bench.client.onDataSent(9, 100, 0);
    expect(bench.client.onProbeEcho(1, 123_456, 0, 0)).toBe(false);
    expect(bench.client.onFeedback(9, { rxBytesTotal: 1, rxPacketsTotal: 1, peerAtMs: 1 }, 0)).toBe(false);
    expect(bench.client.ignoredInputs).toBe(3);
  });
});

describe("receiver half (FEEDBACK)", () => {
  it("reports every 10 ms while data arrives, on two non-metered paths, and stops shortly after", () => {
    const bench = new TwoPeerBench(
      [
        ...twoPaths(40),
        { pathId: 3, client: { priority: "primary", metered: true }, link: { oneWayDelayMs: 30 } },
      ],
      { seed: 4 },
    );
    bench.server.setMetered(3, true); // in practice the server learns path costs from the client
    bench.runUntil(3_000);
    expect(bench.feedbackSent("server", 1)).toBe(0);
    bench.sendData(1, 1, 1000, 4_000);
    bench.runUntil(4_000);
    expect(bench.feedbackSent("server", 1)).toBeGreaterThanOrEqual(95);
    expect(bench.feedbackSent("server", 1)).toBeLessThanOrEqual(101);
    expect(bench.feedbackSent("server", 2)).toBe(bench.feedbackSent("server", 1));
    expect(bench.feedbackSent("server", 3)).toBe(0);
    bench.runUntil(4_200);
    const afterLinger = bench.feedbackSent("server", 1);
    bench.runUntil(6_000);
    expect(bench.feedbackSent("server", 1)).toBe(afterLinger);
  });
});
