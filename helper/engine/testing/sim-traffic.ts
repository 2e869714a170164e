// The interface between traffic models and a tunnel: offer IP packets at one end, observe those delivered.

import type { Clock } from "../ports";

export type PacketListener = (packet: Uint8Array, atMs: number) => void;

/** One end of a tunnel as traffic sees it: the TUN device of the client or of the server. */
export interface TunnelEnd {
  /** Hands one IP packet to the tunnel, as the OS writing to the TUN device; the tunnel owns it afterwards. */
  offer(packet: Uint8Array): void;
  /** Adds a listener for packets the tunnel delivers here; every listener sees every packet and filters. */
  listen(listener: PacketListener): void;
}

/**
 * A TunnelEnd for wiring an engine: offers go to the function given (the engine's TUN input) and the engine's
 * TUN output is passed to deliver(), which fans it out to the traffic models listening here.
 */
export class SimTunnelEnd implements TunnelEnd {
  private readonly listeners: PacketListener[] = [];
  private offered = 0;
  private delivered = 0;

  constructor(
    private readonly clock: Clock,
    private readonly offerTo: (packet: Uint8Array) => void,
  ) {}

  offer(packet: Uint8Array): void {
    this.offered++;
    this.offerTo(packet);
  }

  listen(listener: PacketListener): void {
    this.listeners.push(listener);
  }

  /** Call with each packet the tunnel delivers at this end. */
  deliver(packet: Uint8Array): void {
    this.delivered++;
    const atMs = this.clock.nowMs();
    for (const listener of this.listeners) listener(packet, atMs);
  }

  get offeredPackets(): number {
    return this.offered;
  }

  get deliveredPackets(): number {
    return this.delivered;
  }
}

/** Server-side ports of the traffic models (discard, iperf, echo), so flows look like the services they mimic. */
export const servicePort = { bulk: 9, tcp: 5201, probe: 7 } as const;

/** Client-side port of a stream: distinct streams get distinct 5-tuples, hence distinct engine flows. */
export function clientPortOf(streamId: number): number {
  return 40000 + (streamId % 20000);
}
