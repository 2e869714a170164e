// Sending side of the simulated TCP flow with SACK: RFC 6675 loss recovery, Reno or CUBIC window growth.

import { ByteSlab } from "./byte-slab";
import type { EventLoop } from "./event-loop";
import { buildSimPacket, parseSimPacket, SimPacket } from "./sim-ip-packet";
import { CubicWindow } from "./sim-tcp-cubic";
import { TcpRetransmitTimer } from "./sim-tcp-rto";
import { readSackBlocks, SackBlocks } from "./sim-tcp-sack-option";
import { SackScoreboard } from "./sim-tcp-scoreboard";
import type { TcpSenderConfig, TcpSenderStats } from "./sim-tcp-sender";
import { clientPortOf, servicePort, type TunnelEnd } from "./sim-traffic";

type SenderState = "open" | "recovery" | "loss";

/**
 * What a Linux sender with SACK does, minus CUBIC, pacing and RACK: a segment is lost once 3 segments above it
 * are SACKed (RFC 6675 IsLost with DupThresh 3); the first loss enters recovery (ssthresh = cwnd = flight / 2,
 * once per window), and while pipe (RFC 6675: sent, not SACKed, not lost, plus retransmissions in flight) is
 * below cwnd every lost segment is retransmitted, then new data, so a burst of holes is repaired in one round
 * trip. A retransmission that is lost again is found only by the RTO (RFC 6298, min 200 ms like Linux, doubled
 * on each expiry up to 60 s): then every un-SACKed segment is marked lost and resent from cwnd 1 in slow start,
 * keeping the SACK information. Slow start adds a segment per segment delivered; after it, Reno (+1/cwnd, halve
 * on loss) or CUBIC (sim-tcp-cubic.ts).
 */
export class TcpSackSender {
  private readonly outgoing = new SimPacket();
  private readonly slab = new ByteSlab();
  private readonly parsed = new SimPacket();
  private readonly sack = new SackBlocks();
  private readonly board: SackScoreboard;
  private state: SenderState = "open";
  private recoveryPoint = 0;
  private cwnd: number;
  private ssthresh = Number.POSITIVE_INFINITY;
  private readonly rto: TcpRetransmitTimer;
  private sent = 0;
  private retransmitted = 0;
  private recoveries = 0;
  private timedOut = 0;
  private completedAt: number | undefined;

  private readonly cubic: CubicWindow | undefined;

  constructor(
    private readonly loop: EventLoop,
    private readonly tunnel: TunnelEnd,
    private readonly config: TcpSenderConfig,
    congestionControl: "reno" | "cubic" = "reno",
    private readonly onComplete: (atMs: number) => void = () => {},
  ) {
    this.cubic = congestionControl === "cubic" ? new CubicWindow() : undefined;
    this.cwnd = config.initialWindowSegments;
    this.rto = new TcpRetransmitTimer(loop, config.minRtoMs, this.onRtoExpired);
    this.board = new SackScoreboard(config.maxWindowSegments);
    const packet = this.outgoing;
    packet.protocol = "tcp";
    packet.kind = "tcp-data";
    packet.streamId = config.streamId;
    packet.srcPort = clientPortOf(config.streamId);
    packet.dstPort = servicePort.tcp;
    packet.totalBytes = 40 + config.mssBytes;
    tunnel.listen(this.onPacket);
  }

  start(): void {
    this.trySend();
  }

  get completedAtMs(): number | undefined {
    return this.completedAt;
  }

  stats(): TcpSenderStats {
    return {
      segmentsSent: this.sent,
      retransmits: this.retransmitted,
      fastRetransmits: this.recoveries,
      timeouts: this.timedOut,
      cwndSegments: this.cwnd,
      srttMs: this.rto.srttMs,
    };
  }

  /** Segments the sender believes are in the network (RFC 6675 pipe). */
  get pipeSegments(): number {
    return this.board.pipe;
  }

  private readonly onPacket = (bytes: Uint8Array): void => {
    const packet = this.parsed;
    if (
      !parseSimPacket(bytes, packet) ||
      packet.kind !== "tcp-ack" ||
      packet.streamId !== this.config.streamId
    ) {
      return;
    }
    const board = this.board;
    const ack = packet.ack;
    const advanced = ack > board.sndUna && ack <= board.sndMax;
    let delivered = 0;
    if (advanced) {
      this.rto.sampleRtt(this.loop.nowMs() - packet.echoAtMs);
      delivered += board.advance(ack);
    }
    readSackBlocks(bytes, this.sack);
    delivered += board.applySack(this.sack);
    board.markLosses();
    this.afterAck(advanced, delivered);
    this.trySend();
  };

  private afterAck(advanced: boolean, delivered: number): void {
    const board = this.board;
    if (this.state !== "open" && board.sndUna >= this.recoveryPoint) {
      if (this.state === "recovery") this.cwnd = this.ssthresh;
      this.state = "open";
    }
    if (this.state === "open" && board.lostCount > 0) {
      this.recoveries++;
      this.state = "recovery";
      this.recoveryPoint = board.sndMax;
      this.ssthresh = this.cubic?.onCongestion(this.cwnd) ?? Math.max((board.sndMax - board.sndUna) / 2, 2);
      this.cwnd = this.ssthresh;
    } else if (this.state !== "recovery" && delivered > 0) {
      if (this.cwnd < this.ssthresh) this.cwnd += delivered;
      else if (this.cubic)
        this.cwnd = this.cubic.grow(this.cwnd, delivered, this.loop.nowMs(), this.rto.srttMs ?? 0);
      else this.cwnd += delivered / this.cwnd;
      this.cwnd = Math.min(this.cwnd, this.config.maxWindowSegments);
    }
    if (!advanced) return;
    this.rto.refresh();
    if (board.sndUna >= this.config.totalSegments) {
      this.rto.disarm();
      this.completedAt = this.loop.nowMs();
      this.onComplete(this.completedAt);
    } else if (board.sndMax > board.sndUna) {
      this.rto.arm();
    } else {
      this.rto.disarm();
    }
  }

  private trySend(): void {
    const board = this.board;
    const limit = Math.min(board.sndUna + this.config.maxWindowSegments, this.config.totalSegments);
    while (board.pipe < Math.floor(this.cwnd)) {
      const hole = board.nextRetransmission();
      if (hole !== undefined) {
        board.markRetransmitted(hole);
        this.retransmitted++;
        this.transmit(hole);
      } else if (board.sndMax < limit) {
        this.transmit(board.sndMax);
        board.sendNew();
      } else {
        break;
      }
    }
    if (board.sndMax > board.sndUna && !this.rto.armed) this.rto.arm();
  }

  private transmit(segment: number): void {
    this.sent++;
    this.outgoing.seq = segment;
    this.outgoing.sentAtMs = this.loop.nowMs();
    this.tunnel.offer(buildSimPacket(this.outgoing, this.slab));
  }

  private readonly onRtoExpired = (): void => {
    const board = this.board;
    this.timedOut++;
    // As Linux: a fraction of the window, not of what is in flight.
    this.ssthresh = this.cubic?.onCongestion(this.cwnd) ?? Math.max(this.cwnd / 2, 2);
    this.cwnd = 1;
    this.state = "loss";
    this.recoveryPoint = board.sndMax;
    board.markAllLost();
    this.trySend();
  };
}
