// Simulated network between a client and a server: named duplex paths built from a scenario, one SimLink each way.

/*
 * Wiring two engines onto it (engine method names are illustrative; "up" is client -> server):
 *
 *   const sim = new Simulation(42);
 *   const net = sim.network({
 *     links: [
 *       { name: "fiber", rateMbit: 50, delayMs: 10, jitterMs: 1, lossPct: 0 },
 *       { name: "lte", rateMbit: 20, delayMs: 35, jitterMs: 8, lossPct: 0.5, queueBytes: 150_000 },
 *     ],
 *     events: [{ atS: 5, link: "fiber", action: "down" }, { atS: 8, link: "fiber", action: "up" }],
 *   });
 *   // Datagrams: the client's socket i is path i; the server sees path i as the client endpoint simClientEndpoint(i).
 *   clientEngine.onDatagramOut = (socketId, _to, bytes) => net.client.send(socketId, bytes);
 *   serverEngine.onDatagramOut = (_socketId, to, bytes) => net.server.send(simPathIndexOf(to)!, bytes);
 *   net.client.onReceive((pathIndex, bytes) => clientEngine.receive(pathIndex, simServerEndpoint, bytes));
 *   net.server.onReceive((pathIndex, bytes) => serverEngine.receive(0, simClientEndpoint(pathIndex), bytes));
 *   // Timers and randomness: sim.clock (Clock + WallClock), sim.after / sim.cancel, sim.random("client").
 *   // Packets: traffic writes into clientTun and reads from serverTun (see sim-traffic.ts).
 *   const clientTun = new SimTunnelEnd(sim.clock, (packet) => clientEngine.writeTun(packet));
 *   const serverTun = new SimTunnelEnd(sim.clock, (packet) => serverEngine.writeTun(packet));
 *   clientEngine.onTunOut = (packet) => clientTun.deliver(packet);
 *   serverEngine.onTunOut = (packet) => serverTun.deliver(packet);
 *   const flow = new TcpFlow(sim.loop, clientTun, serverTun, { totalBytes: 100e6 });
 *   sim.runUntil(30_000);
 *   console.log(summaryLine("bond", tcpFigures(flow.result(), net.linkSumBitsPerSec())));
 *
 * Without engines, new PlainTunnel(net, sim.clock, { kind: "round-robin" }) gives the same two tunnel ends.
 * Counters and extra scripting (asymmetric rates, one-way outages) are on net.paths[i].up and .down.
 *
 * Each send copies the datagram (as a kernel does), so a sender may reuse its buffer and every receiver gets
 * its own bytes, free to decrypt in place even when the same ciphertext was sent on two paths. Copies are views
 * into a shared slab, like Node's pooled Buffers: read them through byteOffset, never from .buffer at 0.
 */

import type { Endpoint } from "../ports";
import { ByteSlab } from "./byte-slab";
import type { EventLoop } from "./event-loop";
import type { SeededRandom } from "./seeded-random";
import { SimLink, type SimLinkConfig } from "./sim-link";
import { defaultQueueBytes, parseScenario, type Scenario, type ScenarioLink } from "./sim-scenario";

export interface SimNetworkOptions {
  /** Bytes each datagram costs on the wire beyond its payload; default 28 (outer IPv4 + UDP headers). */
  readonly wireOverheadBytes?: number;
  /** Let jitter reorder datagrams within a link; default false (FIFO links). */
  readonly reorder?: boolean;
}

export const defaultWireOverheadBytes = 28;

export type DatagramHandler = (pathIndex: number, datagram: Uint8Array, atMs: number) => void;

export interface SimPath {
  readonly index: number;
  readonly name: string;
  /** Client to server. */
  readonly up: SimLink;
  /** Server to client. */
  readonly down: SimLink;
}

/** Where the client engine sees the server, on every path. */
export const simServerEndpoint: Endpoint = { address: "203.0.113.1", port: 51820 };

/** Where the server engine sees the client when it arrives over path pathIndex (one address per uplink). */
export function simClientEndpoint(pathIndex: number): Endpoint {
  return { address: `198.51.100.${pathIndex + 1}`, port: 40000 + pathIndex };
}

/** Inverse of simClientEndpoint; undefined for any other endpoint. */
export function simPathIndexOf(endpoint: Endpoint): number | undefined {
  const match = /^198\.51\.100\.(\d+)$/.exec(endpoint.address);
  if (match === null) return undefined;
  const pathIndex = Number(match[1]) - 1;
  return endpoint.port === 40000 + pathIndex ? pathIndex : undefined;
}

/** One end of the network: sends on its outbound link of a path, receives from the other direction. */
export class SimEndpoint {
  private handler: DatagramHandler | undefined;
  private readonly slab = new ByteSlab();
  private unhandled = 0;

  constructor(
    readonly side: "client" | "server",
    private readonly outbound: readonly SimLink[],
  ) {}

  /** Sends a copy of datagram on path pathIndex. */
  send(pathIndex: number, datagram: Uint8Array): void {
    const link = this.outbound[pathIndex];
    if (link === undefined) {
      throw new RangeError(
        `${this.side} sent on path ${pathIndex}, but the network has paths 0..${this.outbound.length - 1}`,
      );
    }
    link.send(this.slab.copy(datagram));
  }

  /** Sets the one handler for datagrams arriving at this end (replacing any earlier one). */
  onReceive(handler: DatagramHandler): void {
    this.handler = handler;
  }

  /** Datagrams that arrived before any handler was set. */
  get unhandledDatagrams(): number {
    return this.unhandled;
  }

  /** Called by the network when a datagram arrives at this end. */
  receive(pathIndex: number, datagram: Uint8Array, atMs: number): void {
    if (this.handler === undefined) this.unhandled++;
    else this.handler(pathIndex, datagram, atMs);
  }
}

export class SimNetwork {
  readonly paths: readonly SimPath[];
  readonly client: SimEndpoint;
  readonly server: SimEndpoint;
  readonly scenario: Scenario;

  /** randomFor(label) must give an independent stream per label; Simulation.random does. */
  constructor(
    loop: EventLoop,
    randomFor: (label: string) => SeededRandom,
    scenario: Scenario,
    options: SimNetworkOptions = {},
  ) {
    this.scenario = parseScenario(scenario);
    const wireOverheadBytes = options.wireOverheadBytes ?? defaultWireOverheadBytes;
    const reorder = options.reorder ?? false;
    const upLinks: SimLink[] = [];
    const downLinks: SimLink[] = [];
    // The endpoints read these arrays; they are filled below, before any datagram can move.
    this.client = new SimEndpoint("client", upLinks);
    this.server = new SimEndpoint("server", downLinks);
    this.paths = this.scenario.links.map((link, index) => {
      const build = (direction: "up" | "down", receiver: SimEndpoint): SimLink => {
        const config = linkConfig(link, direction, wireOverheadBytes, reorder);
        const random = randomFor(`link:${link.name}:${direction}`);
        return new SimLink(loop, random, config, (datagram, atMs) => receiver.receive(index, datagram, atMs));
      };
      const path: SimPath = {
        index,
        name: link.name,
        up: build("up", this.server),
        down: build("down", this.client),
      };
      upLinks.push(path.up);
      downLinks.push(path.down);
      return path;
    });
    for (const event of this.scenario.events ?? []) {
      const path = this.path(event.link);
      loop.schedule(event.atS * 1000, () => {
        for (const link of [path.up, path.down]) {
          if (event.action === "down") link.goDown();
          else if (event.action === "up") link.goUp();
          else link.setRate(event.rateMbit * 1e6);
        }
      });
    }
  }

  /** The path with this scenario name; throws naming the known ones otherwise. */
  path(name: string): SimPath {
    const path = this.paths.find((candidate) => candidate.name === name);
    if (path === undefined) {
      throw new Error(`no path named "${name}" (paths: ${this.paths.map((p) => p.name).join(", ")})`);
    }
    return path;
  }

  /** Sum of the scenario's link rates as configured at the start (rate events not applied), bits/s. */
  linkSumBitsPerSec(): number {
    return this.scenario.links.reduce((sum, link) => sum + link.rateMbit * 1e6, 0);
  }
}

function linkConfig(
  link: ScenarioLink,
  direction: "up" | "down",
  wireOverheadBytes: number,
  reorder: boolean,
): SimLinkConfig {
  return {
    name: `${link.name}:${direction}`,
    rateBitsPerSec: link.rateMbit * 1e6,
    delayMs: link.delayMs,
    jitterMs: link.jitterMs,
    lossRatio: link.lossPct / 100,
    queueBytes: link.queueBytes ?? defaultQueueBytes(link.rateMbit),
    wireOverheadBytes,
    reorder,
  };
}
