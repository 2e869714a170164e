// Receiving side of the simulated TCP flow: in-order delivery count, cumulative ACKs with a timestamp echo.

import { ByteSlab } from "./byte-slab";
import type { EventLoop } from "./event-loop";
import { RecentSeqSet } from "./recent-seq-set";
import {
  buildSimPacket,
  parseSimPacket,
  SimPacket,
  simClientAddress,
  simServerAddress,
} from "./sim-ip-packet";
import { clientPortOf, servicePort, type TunnelEnd } from "./sim-traffic";

export interface TcpReceiverConfig {
  readonly streamId: number;
  readonly mssBytes: number;
  /** Out-of-order segments further ahead than this are dropped, as beyond a real receive window. */
  readonly maxWindowSegments: number;
}

export interface TcpReceiverStats {
  /** Bytes handed to the application in order. */
  readonly deliveredBytes: number;
  readonly duplicateSegments: number;
  readonly outOfOrderSegments: number;
  /** Longest the application waited between two in-order deliveries (head-of-line blocking shows here). */
  readonly maxStallMs: number;
}

/**
 * ACKs every segment at once (no delayed ACK), so three segments past a hole give the sender its three duplicate
 * ACKs. The echoed timestamp is that of the last segment that advanced the left edge (RFC 7323), so duplicate
 * ACKs do not shorten the sender's RTT estimate.
 */
export class TcpReceiver {
  private readonly parsed = new SimPacket();
  private readonly ack = new SimPacket();
  private readonly slab = new ByteSlab();
  private readonly buffered: RecentSeqSet;
  private rcvNext = 0;
  private tsRecentMs = 0;
  private duplicates = 0;
  private outOfOrder = 0;
  private lastDeliveryAtMs: number | undefined;
  private maxStall = 0;

  constructor(
    private readonly loop: EventLoop,
    private readonly tunnel: TunnelEnd,
    private readonly config: TcpReceiverConfig,
  ) {
    this.buffered = new RecentSeqSet(config.maxWindowSegments);
    const ack = this.ack;
    ack.protocol = "tcp";
    ack.kind = "tcp-ack";
    ack.streamId = config.streamId;
    ack.srcAddress = simServerAddress;
    ack.dstAddress = simClientAddress;
    ack.srcPort = servicePort.tcp;
    ack.dstPort = clientPortOf(config.streamId);
    tunnel.listen(this.onPacket);
  }

  stats(): TcpReceiverStats {
    return {
      deliveredBytes: this.rcvNext * this.config.mssBytes,
      duplicateSegments: this.duplicates,
      outOfOrderSegments: this.outOfOrder,
      maxStallMs: this.maxStall,
    };
  }

  private readonly onPacket = (bytes: Uint8Array, atMs: number): void => {
    const packet = this.parsed;
    if (
      !parseSimPacket(bytes, packet) ||
      packet.kind !== "tcp-data" ||
      packet.streamId !== this.config.streamId
    ) {
      return;
    }
    const seq = packet.seq;
    if (seq < this.rcvNext || this.buffered.has(seq)) {
      this.duplicates++;
    } else if (seq === this.rcvNext) {
      this.tsRecentMs = packet.sentAtMs;
      this.rcvNext++;
      while (this.buffered.has(this.rcvNext)) this.rcvNext++;
      if (this.lastDeliveryAtMs !== undefined)
        this.maxStall = Math.max(this.maxStall, atMs - this.lastDeliveryAtMs);
      this.lastDeliveryAtMs = atMs;
    } else if (seq < this.rcvNext + this.config.maxWindowSegments) {
      this.buffered.add(seq);
      this.outOfOrder++;
    }
    this.ack.ack = this.rcvNext;
    this.ack.echoAtMs = this.tsRecentMs;
    this.ack.sentAtMs = this.loop.nowMs();
    this.tunnel.offer(buildSimPacket(this.ack, this.slab));
  };
}
