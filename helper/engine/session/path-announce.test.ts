// The client's word on its uplinks reaches the server: downstream traffic honours priority and metering too.
import { describe, expect, it } from "vitest";
import { createEnginePair } from "../testing/sim-engine-pair";
import { simServerEndpoint } from "../testing/sim-network";
import { fiberAndLte, simUdpPacket } from "../testing/sim-udp-packet";
import { Simulation } from "../testing/simulation";
import { createDistributorScheduler } from "./distributor-scheduler";

function downstreamPacket(seq: number): Uint8Array {
  return simUdpPacket(seq, "down", 1_200);
}

/** Bytes the server sent on each client path, read from its snapshot. */
function serverTxBytes(pair: ReturnType<typeof createEnginePair>): Map<number, number> {
  const [view] = pair.server.snapshot();
  return new Map((view?.paths ?? []).map((path) => [path.pathId, path.txBytes]));
}

function sendDownstream(sim: Simulation, pair: ReturnType<typeof createEnginePair>, fromMs: number): void {
  // 200 packets of 1200 bytes over one second: 1.9 Mbit/s, well inside either link.
  for (let i = 0; i < 200; i++) sim.schedule(fromMs + i * 5, () => pair.serverTun.offer(downstreamPacket(i)));
}

describe("path announcements in HELLO (simulated network)", () => {
  it("the server keeps downstream data off the client's metered backup uplink, and follows a change", () => {
    const sim = new Simulation(3);
    const pair = createEnginePair(sim, fiberAndLte, {
      mode: "bond",
      createScheduler: createDistributorScheduler,
      uplinks: [{ priority: "primary" }, { priority: "backup", metered: true }],
    });
    sim.runUntil(3_000);
    const [serverView] = pair.server.snapshot();
    expect(serverView?.paths.find((p) => p.pathId === 1)?.priority).toBe("backup");
    expect(serverView?.paths.find((p) => p.pathId === 0)?.priority).toBe("primary");

    const before = serverTxBytes(pair);
    sendDownstream(sim, pair, 3_000);
    sim.runUntil(4_500);
    const afterBackup = serverTxBytes(pair);
    const fiberBytes = (afterBackup.get(0) ?? 0) - (before.get(0) ?? 0);
    const lteBytes = (afterBackup.get(1) ?? 0) - (before.get(1) ?? 0);
    expect(fiberBytes).toBeGreaterThan(0.9 * 200 * 1_200);
    // Only sparse probes on the backup: far less than one data packet's worth per 100 ms.
    expect(lteBytes).toBeLessThan(10 * 1_200);

    // The user makes the fiber a backup and LTE the primary: the server moves downstream traffic over.
    pair.client.setPathPriority(pair.serverPeerKey, 1, "primary");
    pair.client.setPathPriority(pair.serverPeerKey, 0, "backup");
    sim.runUntil(5_000);
    const [changed] = pair.server.snapshot();
    expect(changed?.paths.find((p) => p.pathId === 0)?.priority).toBe("backup");
    expect(changed?.paths.find((p) => p.pathId === 1)?.priority).toBe("primary");
    sendDownstream(sim, pair, 5_000);
    sim.runUntil(6_500);
    const afterSwap = serverTxBytes(pair);
    expect((afterSwap.get(1) ?? 0) - (afterBackup.get(1) ?? 0)).toBeGreaterThan(0.9 * 200 * 1_200);
    expect((afterSwap.get(0) ?? 0) - (afterBackup.get(0) ?? 0)).toBeLessThan(20 * 1_200);
  });

  it("the server drops a path the client took away at once, and learns it afresh when it comes back", () => {
    const sim = new Simulation(4);
    const pair = createEnginePair(sim, fiberAndLte, {
      mode: "bond",
      createScheduler: createDistributorScheduler,
    });
    sim.runUntil(3_000);
    expect(
      pair.server
        .snapshot()[0]
        ?.paths.map((p) => p.pathId)
        .sort(),
    ).toEqual([0, 1]);

    pair.client.removeUplink(pair.serverPeerKey, 0); // the fiber is unplugged
    sim.runUntil(3_200);
    expect(pair.server.snapshot()[0]?.paths.map((p) => p.pathId)).toEqual([1]);
    const before = serverTxBytes(pair);
    sendDownstream(sim, pair, 3_200);
    sim.runUntil(4_500);
    // Every downstream packet went over LTE, none lost to the fiber the server still believed in.
    expect((serverTxBytes(pair).get(1) ?? 0) - (before.get(1) ?? 0)).toBeGreaterThan(200 * 1_200);
    expect(pair.clientTun.deliveredPackets).toBeGreaterThanOrEqual(200);

    const replugAtMs = sim.nowMs();
    pair.client.addUplink(pair.serverPeerKey, {
      name: "fiber",
      socketId: 0,
      remote: simServerEndpoint,
    });
    sim.runUntil(replugAtMs + 1_000);
    const serverUp = pair.events.find(
      ({ side, event }) =>
        side === "server" &&
        event.kind === "path" &&
        event.path.pathId === 0 &&
        event.path.kind === "path-up" &&
        event.path.atMs > replugAtMs,
    );
    expect(serverUp).toBeDefined();
  });
  it("the client's last usable uplink going away is an all-paths-down event, though no path was declared down", () => {
    const sim = new Simulation(5);
    const pair = createEnginePair(sim, fiberAndLte, {
      mode: "bond",
      createScheduler: createDistributorScheduler,
    });
    sim.runUntil(3_000);
    const allDown = () =>
      pair.events.filter(
        ({ side, event }) =>
          side === "client" && event.kind === "path" && event.path.kind === "all-paths-down",
      );
    pair.client.removeUplink(pair.serverPeerKey, 0);
    expect(allDown()).toHaveLength(0); // LTE still carries everything
    pair.client.removeUplink(pair.serverPeerKey, 1);
    expect(allDown()).toHaveLength(1);
    expect(allDown()[0]?.event).toMatchObject({
      pathName: "lte",
      path: { detail: expect.stringMatching(/no usable path/) },
    });
  });
});
