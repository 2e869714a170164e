// A tunnel with no engine: IP packets go straight onto network paths, for baselines and for testing the simulator.

import type { Clock } from "../ports";
import type { SimEndpoint, SimNetwork } from "./sim-network";
import { SimTunnelEnd } from "./sim-traffic";

/** How the plain tunnel picks a path: always one, or each next packet on the next path (both directions). */
export type PlainSplit =
  | { readonly kind: "single"; readonly pathIndex: number }
  | { readonly kind: "round-robin" };

/** No reordering repair, no path awareness: exactly what a naive multipath tunnel would do. */
export class PlainTunnel {
  readonly client: SimTunnelEnd;
  readonly server: SimTunnelEnd;

  constructor(network: SimNetwork, clock: Clock, split: PlainSplit) {
    const pathCount = network.paths.length;
    if (split.kind === "single" && (split.pathIndex < 0 || split.pathIndex >= pathCount)) {
      throw new RangeError(`PlainTunnel: path ${split.pathIndex} does not exist (paths 0..${pathCount - 1})`);
    }
    const sender = (endpoint: SimEndpoint): ((packet: Uint8Array) => void) => {
      if (split.kind === "single") return (packet) => endpoint.send(split.pathIndex, packet);
      let nextPathIndex = 0;
      return (packet) => {
        endpoint.send(nextPathIndex, packet);
        nextPathIndex = (nextPathIndex + 1) % pathCount;
      };
    };
    this.client = new SimTunnelEnd(clock, sender(network.client));
    this.server = new SimTunnelEnd(clock, sender(network.server));
    network.server.onReceive((_pathIndex, datagram) => this.server.deliver(datagram));
    network.client.onReceive((_pathIndex, datagram) => this.client.deliver(datagram));
  }
}
