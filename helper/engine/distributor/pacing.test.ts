import { describe, expect, it } from "vitest";
import { BandwidthModel, defaultBandwidthModelOptions } from "./bandwidth-model";
import { DataDistributor } from "./data-distributor";
import { runLoad } from "./fixed-path-views";
import { Pacer } from "./pacer";

describe("pacer", () => {
  for (const stepMs of [0.1, 1, 2.5]) {
    it(`sends at the set rate within 5% when served every ${stepMs} ms`, () => {
      const rateBitsPerSec = 48e6;
      const pacer = new Pacer(rateBitsPerSec);
      let sentBytes = 0;
      const durationMs = 2_000;
      for (let nowMs = 0; nowMs < durationMs; nowMs += stepMs) {
        while (pacer.canSend(nowMs)) {
          pacer.onSend(1400, nowMs, true);
          sentBytes += 1400;
        }
      }
      const measured = (sentBytes * 8 * 1000) / durationMs;
      expect(Math.abs(measured / rateBitsPerSec - 1)).toBeLessThan(0.05);
    });
  }
});

describe("queue bound", () => {
  it("drops instead of growing when offered twice what the tunnel takes", () => {
    const d = new DataDistributor<number>({ mode: "bond" });
    const path = [{ pathId: 1, rateMbps: 20, rttMs: 30 }];
    let maxQueueMs = 0;
    let maxQueuedBytes = 0;
    const r = runLoad(d, path, {
      fromMs: 0,
      durationMs: 3_000,
      offeredMbps: 40,
      onChoice: (_chosen, nowMs) => {
        const queuedBytes = d.pathStats(1, nowMs)!.queuedBytes;
        maxQueuedBytes = Math.max(maxQueuedBytes, queuedBytes);
        // After startup (which paces at twice the estimate), in ms of the path's real capacity.
        if (nowMs > 1_000) maxQueueMs = Math.max(maxQueueMs, (queuedBytes * 8) / 20_000);
      },
    });
    // Once the queue has stood (sojourn-drop.ts), 5 ms of sending at the pacing rate, whose probing phase is
    // 1.25 x capacity, plus the packet being placed.
    expect(maxQueueMs).toBeLessThanOrEqual(5 * 1.25 + (1500 * 8) / 20_000);
    // Before that, a burst may fill one minimum RTT (30 ms) at startup's pace of twice the capacity.
    expect(maxQueuedBytes).toBeLessThanOrEqual((30 * 2 * 20e6) / 8_000);
    expect(r.droppedPackets / r.offeredPackets).toBeGreaterThan(0.4);
    expect(d.counters.dropsQueueFull).toBe(r.droppedPackets);
  });
});

describe("capacity estimate", () => {
  /** A path of some capacity with a bottleneck queue, fed by the model's pacing, sampled every 20 ms. */
  function track(capacityAt: (nowMs: number) => number, untilMs: number) {
    const model = new BandwidthModel(defaultBandwidthModelOptions, 0);
    const baseRttMs = 40;
    let queueBits = 0;
    const trace: { nowMs: number; rate: number }[] = [];
    for (let nowMs = 0; nowMs <= untilMs; nowMs += 20) {
      const capacity = capacityAt(nowMs);
      const pacing = model.pacingRateBitsPerSec(nowMs);
      queueBits = Math.max(0, queueBits + (pacing - capacity) * 0.02);
      const delivered = Math.min(capacity, pacing + queueBits / 0.02);
      const rttMs = baseRttMs + (queueBits / capacity) * 1000;
      model.onRtt(baseRttMs, rttMs, rttMs);
      model.onDeliverySample(delivered, nowMs, false);
      model.onBacklog(true, nowMs);
      trace.push({ nowMs, rate: pacing });
    }
    return trace;
  }

  const meanRate = (trace: { nowMs: number; rate: number }[], fromMs: number, toMs: number) => {
    const inWindow = trace.filter((t) => t.nowMs >= fromMs && t.nowMs < toMs);
    return inWindow.reduce((sum, t) => sum + t.rate, 0) / inWindow.length;
  };

  it("follows a capacity drop within about a second", () => {
    const trace = track((t) => (t < 5_000 ? 50e6 : 20e6), 8_000);
    expect(meanRate(trace, 4_000, 5_000) / 50e6).toBeGreaterThan(0.85);
    expect(meanRate(trace, 6_200, 8_000) / 20e6).toBeLessThan(1.1);
    expect(meanRate(trace, 6_200, 8_000) / 20e6).toBeGreaterThan(0.8);
  });

  it("follows a capacity rise within about a second", () => {
    const trace = track((t) => (t < 5_000 ? 10e6 : 40e6), 8_000);
    expect(meanRate(trace, 4_000, 5_000) / 10e6).toBeGreaterThan(0.85);
    expect(meanRate(trace, 6_200, 8_000) / 40e6).toBeGreaterThan(0.85);
  });
});
