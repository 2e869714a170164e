// Sending side of the simulated TCP flow: NewReno congestion control over whole MSS-sized segments.

import { ByteSlab } from "./byte-slab";
import type { EventLoop } from "./event-loop";
import { buildSimPacket, parseSimPacket, SimPacket } from "./sim-ip-packet";
import { TcpRetransmitTimer } from "./sim-tcp-rto";
import { clientPortOf, servicePort, type TunnelEnd } from "./sim-traffic";

export interface TcpSenderConfig {
  readonly streamId: number;
  readonly mssBytes: number;
  /** Whole segments to send; Infinity for an endless flow. */
  readonly totalSegments: number;
  readonly initialWindowSegments: number;
  /** The receiver's window, which also caps cwnd. */
  readonly maxWindowSegments: number;
  readonly minRtoMs: number;
}

export interface TcpSenderStats {
  readonly segmentsSent: number;
  readonly retransmits: number;
  readonly fastRetransmits: number;
  readonly timeouts: number;
  readonly cwndSegments: number;
  readonly srttMs: number | undefined;
}

const dupAckThreshold = 3;

/**
 * RFC 5681 slow start and congestion avoidance, fast retransmit on the third duplicate ACK and RFC 6582 NewReno
 * recovery (partial ACKs retransmit the next hole), RFC 6298 RTO (min 200 ms by default, like Linux) with
 * go-back-N after a timeout. RTT comes from a timestamp echo, so retransmissions are measured correctly. No SACK,
 * no pacing, no delayed ACKs: the classic ACK-clocked behaviour whose reaction to reordering the tests show.
 */
export class TcpSender {
  private readonly outgoing = new SimPacket();
  private readonly slab = new ByteSlab();
  private readonly parsed = new SimPacket();
  private sndUna = 0;
  private sndNxt = 0;
  private sndMax = 0;
  private cwnd: number;
  private ssthresh = Number.POSITIVE_INFINITY;
  private dupAcks = 0;
  private inRecovery = false;
  private recover = -1;
  private readonly rto: TcpRetransmitTimer;
  private sent = 0;
  private retransmitted = 0;
  private fastRetransmitted = 0;
  private timedOut = 0;
  private completedAt: number | undefined;

  constructor(
    private readonly loop: EventLoop,
    private readonly tunnel: TunnelEnd,
    private readonly config: TcpSenderConfig,
    private readonly onComplete: (atMs: number) => void = () => {},
  ) {
    this.cwnd = config.initialWindowSegments;
    this.rto = new TcpRetransmitTimer(loop, config.minRtoMs, this.onRtoExpired);
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

  /** When the last segment was acknowledged; undefined while the transfer runs. */
  get completedAtMs(): number | undefined {
    return this.completedAt;
  }

  stats(): TcpSenderStats {
    return {
      segmentsSent: this.sent,
      retransmits: this.retransmitted,
      fastRetransmits: this.fastRetransmitted,
      timeouts: this.timedOut,
      cwndSegments: this.cwnd,
      srttMs: this.rto.srttMs,
    };
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
    if (packet.ack > this.sndUna) this.onNewAck(packet.ack, packet.echoAtMs);
    else if (packet.ack === this.sndUna && this.sndMax > this.sndUna) this.onDuplicateAck();
    this.trySend();
  };

  private onNewAck(ack: number, echoAtMs: number): void {
    const ackedSegments = ack - this.sndUna;
    this.rto.sampleRtt(this.loop.nowMs() - echoAtMs);
    this.sndUna = ack;
    if (this.sndNxt < ack) this.sndNxt = ack;
    if (this.inRecovery && ack > this.recover) {
      this.inRecovery = false;
      this.cwnd = this.ssthresh;
    } else if (this.inRecovery) {
      this.transmit(ack);
      this.cwnd = Math.max(this.cwnd - ackedSegments + 1, 1);
    } else if (this.cwnd < this.ssthresh) {
      this.cwnd += ackedSegments;
    } else {
      this.cwnd += ackedSegments / this.cwnd;
    }
    this.cwnd = Math.min(this.cwnd, this.config.maxWindowSegments);
    this.dupAcks = 0;
    this.rto.refresh();
    if (this.sndUna >= this.config.totalSegments) {
      this.rto.disarm();
      this.completedAt = this.loop.nowMs();
      this.onComplete(this.completedAt);
    } else {
      this.rto.arm();
    }
  }

  private onDuplicateAck(): void {
    this.dupAcks++;
    if (this.inRecovery) {
      this.cwnd += 1;
    } else if (this.dupAcks === dupAckThreshold && this.sndUna > this.recover) {
      this.fastRetransmitted++;
      this.ssthresh = Math.max((this.sndMax - this.sndUna) / 2, 2);
      this.cwnd = this.ssthresh + dupAckThreshold;
      this.recover = this.sndMax - 1;
      this.inRecovery = true;
      this.transmit(this.sndUna);
      this.rto.arm();
    }
  }

  private trySend(): void {
    const limit = Math.min(
      this.sndUna + Math.floor(this.cwnd),
      this.sndUna + this.config.maxWindowSegments,
      this.config.totalSegments,
    );
    while (this.sndNxt < limit) {
      this.transmit(this.sndNxt);
      this.sndNxt++;
      if (this.sndNxt > this.sndMax) this.sndMax = this.sndNxt;
    }
    if (this.sndMax > this.sndUna && !this.rto.armed) this.rto.arm();
  }

  private transmit(segment: number): void {
    this.sent++;
    if (segment < this.sndMax) this.retransmitted++;
    this.outgoing.seq = segment;
    this.outgoing.sentAtMs = this.loop.nowMs();
    this.tunnel.offer(buildSimPacket(this.outgoing, this.slab));
  }

  private readonly onRtoExpired = (): void => {
    this.timedOut++;
    this.ssthresh = Math.max((this.sndMax - this.sndUna) / 2, 2);
    this.cwnd = 1;
    this.recover = this.sndMax - 1;
    this.inRecovery = false;
    this.dupAcks = 0;
    this.sndNxt = this.sndUna;
    this.trySend();
  };
}
