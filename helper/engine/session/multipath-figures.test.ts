// The engine's multipath figures in the simulator, client engine against server engine with the real Data
// Distributor and Path Monitor: aggregation, failover gap, redundant mode, and a long path beside a short one.
// The figures are printed; the bounds asserted are the ones Braid promises.
import { describe, expect, it } from "vitest";
import type { SchedulerMode } from "../path-types";
import { BulkSink, BulkSource } from "../testing/sim-bulk-traffic";
import { createEnginePair } from "../testing/sim-engine-pair";
import { PlainTunnel } from "../testing/sim-plain-tunnel";
import { bulkFigures, summaryLine, tcpFigures } from "../testing/sim-report";
import type { Scenario } from "../testing/sim-scenario";
import { TcpFlow } from "../testing/sim-tcp-flow";
import { Simulation } from "../testing/simulation";
import { createDistributorScheduler } from "./distributor-scheduler";

const threeLinks: Scenario = {
  links: [
    { name: "fiber", rateMbit: 100, delayMs: 10, jitterMs: 1, lossPct: 0 },
    { name: "wifi", rateMbit: 40, delayMs: 40, jitterMs: 3, lossPct: 1 },
    { name: "lte", rateMbit: 20, delayMs: 60, jitterMs: 5, lossPct: 2 },
  ],
};

/** Time for the handshake, HELLO and first probes before traffic starts. */
const warmUpMs = 2_000;

function bulkRun(
  scenario: Scenario,
  mode: SchedulerMode,
  offeredRatio: number,
  untilMs: number,
  measureFromMs: number,
) {
  const sim = new Simulation(7);
  const pair = createEnginePair(sim, scenario, { mode, createScheduler: createDistributorScheduler });
  const linkSumBitsPerSec = pair.net.linkSumBitsPerSec();
  new BulkSource(sim.loop, pair.clientTun, {
    rateBitsPerSec: linkSumBitsPerSec * offeredRatio,
    startAtMs: warmUpMs,
    stopAtMs: untilMs,
  });
  const sink = new BulkSink(sim.loop, pair.serverTun, { measureFromMs, measureToMs: untilMs });
  sim.runUntil(untilMs + 500);
  return { result: sink.result(), linkSumBitsPerSec, pair };
}

function tcpRun(scenario: Scenario, mode: SchedulerMode, congestionControl?: "reno" | "cubic") {
  const sim = new Simulation(11);
  const pair = createEnginePair(sim, scenario, { mode, createScheduler: createDistributorScheduler });
  const flow = new TcpFlow(sim.loop, pair.clientTun, pair.serverTun, {
    startAtMs: warmUpMs,
    measureFromMs: 8_000,
    ...(congestionControl !== undefined && { congestionControl }),
  });
  sim.runUntil(20_000);
  return { result: flow.result(), linkSumBitsPerSec: pair.net.linkSumBitsPerSec() };
}

/** The same flow over the same link with no engine (the link's own 100 ms drop-tail queue): "bare link". */
function bareTcpRun(scenario: Scenario) {
  const sim = new Simulation(11);
  const net = sim.network(scenario);
  const tunnel = new PlainTunnel(net, sim.clock, { kind: "single", pathIndex: 0 });
  const flow = new TcpFlow(sim.loop, tunnel.client, tunnel.server, {
    startAtMs: warmUpMs,
    measureFromMs: 8_000,
  });
  sim.runUntil(20_000);
  return { result: flow.result(), linkSumBitsPerSec: net.linkSumBitsPerSec() };
}

const fastLink = { name: "fiber", rateMbit: 20, delayMs: 15, jitterMs: 1, lossPct: 0 };
const slowLink = { name: "satellite", rateMbit: 20, delayMs: 150, jitterMs: 5, lossPct: 0 };

// Each case simulates 10-20 s of traffic, a few seconds of wall time: more than vitest's 5 s default when the
// whole suite shares two cores. This is a runner limit, not a speed assertion.
describe("multipath figures (simulated)", { timeout: 60_000 }, () => {
  it("bond aggregates 100/40/20 Mbit/s at 10/40/60 ms with 0-2% loss to >= 0.9 of the link sum", () => {
    const { result, linkSumBitsPerSec } = bulkRun(threeLinks, "bond", 1.2, 12_000, 5_000);
    const figures = bulkFigures(result, linkSumBitsPerSec);
    console.log(summaryLine("bond, 3 links, bulk", figures));
    expect(figures.efficiencyRatio).toBeGreaterThanOrEqual(0.9);
  });

  const fiberDies: Scenario = { ...threeLinks, events: [{ atS: 6, link: "fiber", action: "down" }] };

  function fiberDeath() {
    const { result, linkSumBitsPerSec, pair } = bulkRun(fiberDies, "bond", 0.5, 10_000, 4_000);
    const down = pair.events.find(
      (e) => e.side === "client" && e.event.kind === "path" && e.event.path.kind === "path-down",
    );
    const downAtMs = down?.event.kind === "path" ? down.event.path.atMs : undefined;
    const failover = pair.events.find(
      (e) => e.side === "client" && e.event.kind === "path" && e.event.path.kind === "failover",
    )?.event;
    const figures = bulkFigures(result, linkSumBitsPerSec);
    console.log(
      summaryLine("bond, fiber dies at 6 s", figures),
      `| client declared it down at ${downAtMs?.toFixed(0)} ms`,
    );
    return { figures, downAtMs, failover };
  }

  it("bond: when the best link dies under traffic, it is declared down within 100 ms, and the move reported", () => {
    const { downAtMs, failover } = fiberDeath();
    expect(downAtMs).toBeDefined();
    expect((downAtMs ?? 0) - 6_000).toBeLessThanOrEqual(100);
    // The distributor's failover event reaches the engine's events, named, with where the traffic went.
    expect(failover).toMatchObject({
      pathName: "fiber",
      path: { kind: "failover", toPathId: expect.any(Number) },
    });
  });

  // Measured 62.8 ms (100.3 before): the client stops new data on fiber when nothing arrives on it from the
  // server while wifi still delivers (path-monitor/reverse-silence.ts), instead of waiting for the server's
  // FEEDBACK over the 40 ms wifi path to show the stall.
  it("bond: when the best link dies mid-transfer, the longest delivery gap is <= 80 ms (target 100)", () => {
    expect(fiberDeath().figures.maxGapMs).toBeLessThanOrEqual(80);
  });

  // The same failover elsewhere: the best link dying at RTTs of 20/40/60 ms, and a link that is not the best
  // dying under a load that needs it.
  function gapWhenDying(scenario: Scenario, link: string, offeredRatio: number, label: string): number {
    const dying: Scenario = { ...scenario, events: [{ atS: 6, link, action: "down" }] };
    const { result, linkSumBitsPerSec } = bulkRun(dying, "bond", offeredRatio, 8_000, 4_000);
    console.log(summaryLine(label, bulkFigures(result, linkSumBitsPerSec)));
    return result.maxGapMs;
  }

  it("bond: the best of three links at 20/40/60 ms RTT dying leaves a delivery gap <= 80 ms", () => {
    const shortRtts: Scenario = {
      links: threeLinks.links.map((l, i) => ({ ...l, delayMs: [10, 20, 30][i] ?? l.delayMs })),
    };
    expect(
      gapWhenDying(shortRtts, "fiber", 0.5, "bond, 20/40/60 ms RTT, fiber dies at 6 s"),
    ).toBeLessThanOrEqual(80);
  });

  it("bond: wifi (not the best link) dying under 85% load leaves a delivery gap <= 80 ms", () => {
    expect(gapWhenDying(threeLinks, "wifi", 0.85, "bond at 85% load, wifi dies at 6 s")).toBeLessThanOrEqual(
      80,
    );
  });

  it("redundant: a link dying loses nothing", () => {
    const scenario: Scenario = {
      links: [
        { name: "fiber", rateMbit: 50, delayMs: 15, jitterMs: 1, lossPct: 0 },
        { name: "lte", rateMbit: 20, delayMs: 35, jitterMs: 4, lossPct: 0 },
      ],
      events: [{ atS: 5, link: "fiber", action: "down" }],
    };
    const { result } = bulkRun(scenario, "redundant", 0.1, 9_000, 3_000);
    console.log(
      `redundant, fiber dies at 5 s: ${result.deliveredPackets} delivered, ${result.missingPackets} missing, ${result.duplicatePackets} duplicates at the TUN, max gap ${result.maxGapMs.toFixed(1)} ms`,
    );
    expect(result.missingPackets).toBe(0);
    expect(result.duplicatePackets).toBe(0);
  });

  it("a 300 ms path beside a 30 ms path never slows one TCP flow below the fast path alone", () => {
    const alone = tcpRun({ links: [fastLink] }, "bond");
    const both = tcpRun({ links: [fastLink, slowLink] }, "bond");
    console.log(summaryLine("tcp, fast path alone", tcpFigures(alone.result, alone.linkSumBitsPerSec)));
    console.log(summaryLine("tcp, fast + 300 ms path", tcpFigures(both.result, both.linkSumBitsPerSec)));
    expect(both.result.goodputBitsPerSec).toBeGreaterThanOrEqual(0.95 * alone.result.goodputBitsPerSec);
  });

  it("one TCP flow (simulated SACK), 20 Mbit/s 30 ms path: through the engine and over the bare link", () => {
    const bare = bareTcpRun({ links: [fastLink] });
    const engine = tcpRun({ links: [fastLink] }, "bond");
    console.log(
      summaryLine("tcp, one 20 Mbit/s path, bare link", tcpFigures(bare.result, bare.linkSumBitsPerSec)),
    );
    console.log(
      summaryLine("tcp, one 20 Mbit/s path, engine", tcpFigures(engine.result, engine.linkSumBitsPerSec)),
    );
    console.log(
      `tcp, one 20 Mbit/s path: engine / bare ${(engine.result.goodputBitsPerSec / bare.result.goodputBitsPerSec).toFixed(2)}`,
    );
    expect(bare.result.goodputBitsPerSec).toBeGreaterThanOrEqual(0.9 * 20e6);
  });

  // With CUBIC, Linux's default, the figure is met; with Reno (the simulator's default) it is 15.4 Mbit/s, 0.81x
  // the bare link's 19.1: past startup the engine drops 8-9 packets (dropsQueueFull, and one dropsStandingQueue)
  // each time cwnd reaches about one BDP while srtt stays within 3-8 ms of the minimum; Reno halves to 0.5 BDP
  // and regrows a segment a round trip, CUBIC cuts to 0.7 and regrows faster. The bare link's 100 ms queue
  // (1.2 BDP) absorbs either. Real Linux TCP through the lab: see docs/engine.md shortfall 1.
  it("one TCP flow (CUBIC, SACK) through the engine reaches >= 80% of a single 20 Mbit/s path", () => {
    const alone = tcpRun({ links: [fastLink] }, "bond", "cubic");
    console.log(
      summaryLine("tcp (CUBIC), fast path alone", tcpFigures(alone.result, alone.linkSumBitsPerSec)),
    );
    expect(alone.result.goodputBitsPerSec).toBeGreaterThanOrEqual(0.8 * 20e6);
  });
});
