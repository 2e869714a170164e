// One simulated TCP flow through a tunnel: a sender (SACK by default, or NewReno) at one end, its receiver at the other.

import type { EventLoop } from "./event-loop";
import { TcpReceiver } from "./sim-tcp-receiver";
import { TcpSackSender } from "./sim-tcp-sack-sender";
import { TcpSender, type TcpSenderStats } from "./sim-tcp-sender";
import type { TunnelEnd } from "./sim-traffic";

export interface TcpFlowOptions {
  /** Default 2; flows on one tunnel need distinct ids (ids also pick the client port). */
  readonly streamId?: number;
  /** Bytes to transfer, rounded up to whole segments; default endless. */
  readonly totalBytes?: number;
  /** Payload per segment; default 1400 (IP packets of 1440 bytes). */
  readonly mssBytes?: number;
  /** Default 10 (RFC 6928). */
  readonly initialWindowSegments?: number;
  /** Receive window in segments; default 8192 (about 11 MB, above any BDP the tests use). */
  readonly maxWindowSegments?: number;
  /** Default 200 (Linux). */
  readonly minRtoMs?: number;
  /**
   * "sack" (default): SACK blocks and RFC 6675 recovery, as Linux. "newreno": no SACK, one hole repaired per
   * round trip, kept to compare with earlier figures.
   */
  readonly lossRecovery?: "sack" | "newreno";
  /** Window growth of the SACK sender: "reno" (default) or "cubic" (Linux's default). */
  readonly congestionControl?: "reno" | "cubic";
  /** Default: now. */
  readonly startAtMs?: number;
  /**
   * Goodput counts from here; default startAtMs. NewReno without SACK repairs the burst of losses from slow
   * start's overshoot one hole per RTT, which takes seconds on a deep queue: start later for steady-state figures.
   */
  readonly measureFromMs?: number;
}

export interface TcpFlowResult {
  /** In-order bytes at the receiver over the whole flow. */
  readonly deliveredBytes: number;
  /** From measureFromMs to completion, or to now while still running. */
  readonly measuredMs: number;
  /** In-order bytes per second over measuredMs. */
  readonly goodputBitsPerSec: number;
  readonly completedAtMs: number | undefined;
  readonly segmentsSent: number;
  readonly retransmits: number;
  readonly fastRetransmits: number;
  readonly timeouts: number;
  readonly srttMs: number | undefined;
  /** Longest wait for the next in-order byte at the receiver. */
  readonly maxStallMs: number;
}

/** What the flow needs of either sender. */
export interface FlowSender {
  start(): void;
  readonly completedAtMs: number | undefined;
  stats(): TcpSenderStats;
}

export class TcpFlow {
  readonly sender: FlowSender;
  readonly receiver: TcpReceiver;
  private readonly measureFromMs: number;
  private deliveredBytesAtMeasureStart = 0;

  /** Data goes from `from` to `to`; ACKs come back through the tunnel the other way. */
  constructor(
    private readonly loop: EventLoop,
    from: TunnelEnd,
    to: TunnelEnd,
    options: TcpFlowOptions = {},
  ) {
    const streamId = options.streamId ?? 2;
    const mssBytes = options.mssBytes ?? 1400;
    const maxWindowSegments = options.maxWindowSegments ?? 8192;
    const totalBytes = options.totalBytes ?? Number.POSITIVE_INFINITY;
    const startAtMs = options.startAtMs ?? loop.nowMs();
    this.measureFromMs = Math.max(options.measureFromMs ?? startAtMs, startAtMs);
    const sack = (options.lossRecovery ?? "sack") === "sack";
    this.receiver = new TcpReceiver(loop, to, { streamId, mssBytes, maxWindowSegments, sack });
    const senderConfig = {
      streamId,
      mssBytes,
      totalSegments: Math.ceil(totalBytes / mssBytes),
      initialWindowSegments: options.initialWindowSegments ?? 10,
      maxWindowSegments,
      minRtoMs: options.minRtoMs ?? 200,
    };
    this.sender = sack
      ? new TcpSackSender(loop, from, senderConfig, options.congestionControl)
      : new TcpSender(loop, from, senderConfig);
    loop.schedule(startAtMs, () => this.sender.start());
    loop.schedule(this.measureFromMs, () => {
      this.deliveredBytesAtMeasureStart = this.receiver.stats().deliveredBytes;
    });
  }

  result(): TcpFlowResult {
    const sender = this.sender.stats();
    const receiver = this.receiver.stats();
    const completedAtMs = this.sender.completedAtMs;
    const measuredMs = Math.max((completedAtMs ?? this.loop.nowMs()) - this.measureFromMs, 0);
    const measuredBytes = receiver.deliveredBytes - this.deliveredBytesAtMeasureStart;
    return {
      deliveredBytes: receiver.deliveredBytes,
      measuredMs,
      goodputBitsPerSec: measuredMs > 0 ? (measuredBytes * 8 * 1000) / measuredMs : 0,
      completedAtMs,
      segmentsSent: sender.segmentsSent,
      retransmits: sender.retransmits,
      fastRetransmits: sender.fastRetransmits,
      timeouts: sender.timeouts,
      srttMs: sender.srttMs,
      maxStallMs: receiver.maxStallMs,
    };
  }
}
