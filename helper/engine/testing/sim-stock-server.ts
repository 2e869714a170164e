// A stock WireGuard server on the simulated network: only WireGuard (no Braid frames), roaming to the latest source.
import { ipPacketLengthBytes } from "../frames/ip-header";
import type { Clock } from "../ports";
import type { PeerHandle } from "../wireguard/device-api";
import { WireGuardDevice } from "../wireguard/wireguard-device";
import { type SimNetwork, simClientEndpoint } from "./sim-network";
import { SimTunnelEnd } from "./sim-traffic";

export class StockWireGuardServer {
  readonly tun: SimTunnelEnd;
  /** Plaintexts a stock peer cannot use (Braid frames): dropped silently, as wireguard-go does. */
  droppedNonIp = 0;
  private readonly device: WireGuardDevice;
  private readonly peer: PeerHandle;
  /** Path of the latest authenticated datagram: WireGuard's roaming sends everything there. */
  private latestPathIndex: number | undefined;

  constructor(
    private readonly net: SimNetwork,
    private readonly clock: Clock,
    device: { privateKey: Uint8Array; random: { fill(bytes: Uint8Array): void } },
    clientPublicKey: Uint8Array,
    private readonly rearm: () => void,
  ) {
    this.device = new WireGuardDevice({ ...device, clock, wallClock: { unixNowMs: () => clock.nowMs() } });
    this.peer = this.device.addPeer({ publicKey: clientPublicKey });
    this.tun = new SimTunnelEnd(clock, (packet) => {
      const sealed = this.device.encrypt(this.peer, packet, clock.nowMs());
      if (sealed.kind === "datagram") this.send(sealed.datagram);
      this.rearm();
    });
    net.server.onReceive((pathIndex, bytes) => {
      this.receive(pathIndex, bytes, clock.nowMs());
      this.rearm();
    });
  }

  private receive(pathIndex: number, bytes: Uint8Array, nowMs: number): void {
    const result = this.device.receive(bytes, nowMs, simClientEndpoint(pathIndex));
    if (result.kind === "reply") {
      this.net.server.send(pathIndex, result.datagram);
      this.latestPathIndex = pathIndex;
    }
    if (result.kind !== "transport") return;
    this.latestPathIndex = pathIndex;
    const plaintext = result.plaintext;
    if (plaintext.length === 0) return; // keepalive
    const lengthBytes = ipPacketLengthBytes(plaintext);
    if (lengthBytes === 0) {
      this.droppedNonIp++;
      return;
    }
    this.tun.deliver(plaintext.subarray(0, lengthBytes));
  }

  private send(datagram: Uint8Array): void {
    if (this.latestPathIndex !== undefined) this.net.server.send(this.latestPathIndex, datagram);
  }

  tick(): void {
    for (const due of this.device.tick(this.clock.nowMs())) this.send(due.datagram);
  }

  nextDeadlineMs(): number {
    return this.device.nextDeadlineMs();
  }

  deadlineSources(): Record<string, number> {
    return { device: this.device.nextDeadlineMs() };
  }
}
