// A Braid client engine and server engine wired onto a simulated network, with their TUN ends for traffic models.
import { generatePrivateKey, publicKey } from "../crypto/x25519";
import type { SchedulerMode } from "../path-types";
import { BraidEngine, type BraidEngineOptions } from "../session/braid-engine";
import type { EngineEvent, EngineOutput } from "../session/engine-api";
import type { PathScheduler } from "../session/path-scheduler";
import type { EventHandle } from "./event-loop";
import { type SimNetwork, simClientEndpoint, simPathIndexOf, simServerEndpoint } from "./sim-network";
import type { Scenario } from "./sim-scenario";
import { StockWireGuardServer } from "./sim-stock-server";
import { SimTunnelEnd } from "./sim-traffic";
import type { Simulation } from "./simulation";

export interface EnginePairOptions {
  readonly mode: SchedulerMode;
  readonly createScheduler: (mode: SchedulerMode) => PathScheduler;
  /** Per path index: priority and metering of the client's uplinks. */
  readonly uplinks?: ReadonlyArray<{
    readonly priority?: "primary" | "secondary" | "backup";
    readonly metered?: boolean;
  }>;
}

export interface EnginePair {
  readonly net: SimNetwork;
  readonly client: BraidEngine;
  readonly server: BraidEngine;
  readonly clientTun: SimTunnelEnd;
  readonly serverTun: SimTunnelEnd;
  readonly serverPeerKey: string;
  readonly clientPeerKey: string;
  /** Called with each datagram the server receives, before the server engine sees it. */
  readonly serverTaps: Array<(pathIndex: number, datagram: Uint8Array) => void>;
  /** Every event either engine raised, tagged with its side. */
  readonly events: Array<{ readonly side: "client" | "server"; readonly event: EngineEvent }>;
}

/** What driveTimers needs of an engine (a Braid engine, or the stock WireGuard server). */
export interface TimedEnd {
  tick(): void;
  nextDeadlineMs(): number;
  deadlineSources(): Record<string, number>;
}

/** Re-arms one simulated timer so that engine.tick() runs at its next deadline, and no later. */
export function driveTimers(sim: Simulation, engine: () => TimedEnd): () => void {
  let handle: EventHandle | undefined;
  let armedAtMs = Number.POSITIVE_INFINITY;
  // An engine whose deadline never moves past now would spin forever in simulated time: fail loudly instead.
  let ticksThisInstant = 0;
  let lastTickAtMs = Number.NaN;
  const rearm = () => {
    const deadline = Math.max(engine().nextDeadlineMs(), sim.nowMs());
    if (deadline >= armedAtMs || !Number.isFinite(deadline)) return;
    if (handle !== undefined) sim.cancel(handle);
    armedAtMs = deadline;
    handle = sim.schedule(deadline, () => {
      handle = undefined;
      armedAtMs = Number.POSITIVE_INFINITY;
      ticksThisInstant = sim.nowMs() === lastTickAtMs ? ticksThisInstant + 1 : 0;
      lastTickAtMs = sim.nowMs();
      if (ticksThisInstant > 1_000) {
        throw new Error(
          `engine timer livelock at ${lastTickAtMs} ms: ${JSON.stringify(engine().deadlineSources())}`,
        );
      }
      engine().tick();
      rearm();
    });
  };
  return rearm;
}

/** Builds one side's engine options on the simulator; events are tagged with the side. */
function simEngineOptions(
  sim: Simulation,
  side: "client" | "server",
  options: EnginePairOptions,
  events: EnginePair["events"],
  output: Omit<EngineOutput, "event">,
): Omit<BraidEngineOptions, "role" | "privateKey"> {
  return {
    clock: sim.clock,
    wallClock: sim.clock,
    random: sim.random(side),
    mode: options.mode,
    createScheduler: options.createScheduler,
    output: { ...output, event: (event) => events.push({ side, event }) },
  };
}

/** The client engine with one uplink per simulated path, all towards serverPublic at simServerEndpoint. */
function attachSimClient(
  sim: Simulation,
  net: SimNetwork,
  clientKey: Uint8Array,
  serverPublic: Uint8Array,
  options: EnginePairOptions,
  events: EnginePair["events"],
): { client: BraidEngine; clientTun: SimTunnelEnd; serverPeerKey: string } {
  let client: BraidEngine | undefined;
  const rearm = driveTimers(sim, () => client!);
  const clientTun = new SimTunnelEnd(sim.clock, (packet) => {
    client!.handleTunPacket(packet);
    rearm();
  });
  client = new BraidEngine({
    ...simEngineOptions(sim, "client", options, events, {
      sendDatagram: (socketId, _to, datagram) => net.client.send(socketId, datagram),
      writeTun: (packet) => clientTun.deliver(packet),
    }),
    role: "client",
    privateKey: clientKey,
  });
  const serverPeerKey = client.addPeer({
    publicKey: serverPublic,
    allowedIps: ["0.0.0.0/0"],
    persistentKeepaliveSec: 25,
  });
  net.paths.forEach((path, index) => {
    client!.addUplink(serverPeerKey, {
      name: path.name,
      socketId: index,
      remote: simServerEndpoint,
      ...(options.uplinks?.[index]?.priority ? { priority: options.uplinks[index].priority } : {}),
      ...(options.uplinks?.[index]?.metered ? { metered: true } : {}),
    });
  });
  net.client.onReceive((pathIndex, bytes) => {
    client!.handleDatagram(pathIndex, simServerEndpoint, bytes);
    rearm();
  });
  rearm();
  return { client, clientTun, serverPeerKey };
}

export function createEnginePair(
  sim: Simulation,
  scenario: Scenario,
  options: EnginePairOptions,
): EnginePair {
  const net = sim.network(scenario);
  const clientKey = generatePrivateKey(sim.random("client-key"));
  const serverKey = generatePrivateKey(sim.random("server-key"));
  const events: EnginePair["events"] = [];
  let server: BraidEngine | undefined;
  const rearmServer = driveTimers(sim, () => server!);
  const serverTun = new SimTunnelEnd(sim.clock, (packet) => {
    server!.handleTunPacket(packet);
    rearmServer();
  });
  server = new BraidEngine({
    ...simEngineOptions(sim, "server", options, events, {
      sendDatagram: (_socketId, to, datagram) => {
        const pathIndex = simPathIndexOf(to);
        if (pathIndex !== undefined) net.server.send(pathIndex, datagram);
      },
      writeTun: (packet) => serverTun.deliver(packet),
    }),
    role: "server",
    privateKey: serverKey,
  });
  const { client, clientTun, serverPeerKey } = attachSimClient(
    sim,
    net,
    clientKey,
    publicKey(serverKey),
    options,
    events,
  );
  const clientPeerKey = server.addPeer({ publicKey: publicKey(clientKey), allowedIps: ["10.77.0.2/32"] });
  const serverTaps: EnginePair["serverTaps"] = [];
  net.server.onReceive((pathIndex, bytes) => {
    for (const tap of serverTaps) tap(pathIndex, bytes);
    server!.handleDatagram(0, simClientEndpoint(pathIndex), bytes);
    rearmServer();
  });
  rearmServer();
  return { net, client, server, clientTun, serverTun, serverPeerKey, clientPeerKey, serverTaps, events };
}

/** A Braid client against a stock WireGuard server (no Braid frames understood) on the simulated network. */
export function createStockServerPair(sim: Simulation, scenario: Scenario, options: EnginePairOptions) {
  const net = sim.network(scenario);
  const clientKey = generatePrivateKey(sim.random("client-key"));
  const serverKey = generatePrivateKey(sim.random("server-key"));
  const events: EnginePair["events"] = [];
  let server: StockWireGuardServer | undefined;
  const rearmServer = driveTimers(sim, () => server!);
  server = new StockWireGuardServer(
    net,
    sim.clock,
    { privateKey: serverKey, random: sim.random("server") },
    publicKey(clientKey),
    rearmServer,
  );
  const client = attachSimClient(sim, net, clientKey, publicKey(serverKey), options, events);
  return { net, server, events, ...client };
}
