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
import { maxSackBlocks, SackBlocks, sackAckBytes, writeSackBlocks } from "./sim-tcp-sack-option";
import { clientPortOf, servicePort, type TunnelEnd } from "./sim-traffic";

export interface TcpReceiverConfig {
  readonly streamId: number;
  readonly mssBytes: number;
  /** Out-of-order segments further ahead than this are dropped, as beyond a real receive window. */
  readonly maxWindowSegments: number;
  /** Send SACK blocks (RFC 2018), as every modern stack does. */
  readonly sack: boolean;
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
 * ACKs do not shorten the sender's RTT estimate. With sack on, each ACK carries up to 3 SACK blocks, the one holding
 * the segment that triggered it first, then the most recently changed others (RFC 2018 section 4).
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
  /** Out-of-order blocks, most recently changed first; only the first maxSackBlocks are sent. */
  private readonly blocks = new SackBlocks();

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
      if (this.config.sack) this.noteOutOfOrder(seq);
    }
    this.ack.ack = this.rcvNext;
    this.ack.echoAtMs = this.tsRecentMs;
    this.ack.sentAtMs = this.loop.nowMs();
    if (!this.config.sack) {
      this.tunnel.offer(buildSimPacket(this.ack, this.slab));
      return;
    }
    this.dropAckedBlocks();
    this.ack.totalBytes = sackAckBytes(this.blocks.count);
    const ackBytes = buildSimPacket(this.ack, this.slab);
    writeSackBlocks(ackBytes, this.blocks);
    this.tunnel.offer(ackBytes);
  };

  /** Moves the block that now holds seq to the front, growing or merging the blocks it touches. */
  private noteOutOfOrder(seq: number): void {
    const { starts, ends } = this.blocks;
    let start = seq;
    let end = seq + 1;
    const ceiling = this.rcvNext + this.config.maxWindowSegments;
    let kept = 0;
    for (let i = 0; i < this.blocks.count; i++) {
      if (ends[i]! >= start && starts[i]! <= end) {
        start = Math.min(start, starts[i]!);
        end = Math.max(end, ends[i]!);
      } else {
        starts[kept] = starts[i]!;
        ends[kept] = ends[i]!;
        kept++;
      }
    }
    // Blocks no longer listed (pushed out by newer ones) are found from the buffered set; the walks are short
    // except right after a block was pushed out.
    while (start > this.rcvNext && this.buffered.has(start - 1)) start--;
    while (end < ceiling && this.buffered.has(end)) end++;
    const count = Math.min(kept + 1, maxSackBlocks);
    for (let i = count - 1; i > 0; i--) {
      starts[i] = starts[i - 1]!;
      ends[i] = ends[i - 1]!;
    }
    starts[0] = start;
    ends[0] = end;
    this.blocks.count = count;
  }

  private dropAckedBlocks(): void {
    const { starts, ends } = this.blocks;
    let kept = 0;
    for (let i = 0; i < this.blocks.count; i++) {
      if (ends[i]! <= this.rcvNext) continue;
      starts[kept] = Math.max(starts[i]!, this.rcvNext);
      ends[kept] = ends[i]!;
      kept++;
    }
    this.blocks.count = kept;
  }
}
