// UDP probe stream at a fixed rate, echoed by the far end: loss, longest silence and RTT percentiles.

import { ByteSlab } from "./byte-slab";
import type { EventLoop } from "./event-loop";
import { SampleSet } from "./sample-stats";
import { buildSimPacket, parseSimPacket, SimPacket } from "./sim-ip-packet";
import { clientPortOf, servicePort, type TunnelEnd } from "./sim-traffic";

export interface ProbeStreamOptions {
  /** Default 50. */
  readonly rateHz?: number;
  /** IP packet size; default 100 (raised to the minimum that holds the headers). */
  readonly packetBytes?: number;
  /** Default 3. */
  readonly streamId?: number;
  /** A probe unanswered for this long counts as lost; default 1000. */
  readonly lossTimeoutMs?: number;
  /** Default: now. */
  readonly startAtMs?: number;
}

export interface ProbeResult {
  readonly sentProbes: number;
  /** Probes old enough to judge and, of those, the share never echoed. */
  readonly judgedProbes: number;
  readonly lossRatio: number;
  /** Longest stretch without an echo arriving, from the first probe sent to now. */
  readonly maxGapMs: number;
  readonly rttP50Ms: number;
  readonly rttP99Ms: number;
  readonly rttMaxMs: number;
}

const maxKeptRttSamples = 1_000_000;

/** Sends probe n at startAtMs + n/rateHz; echoes are matched by seq, and each counted once. */
export class ProbeStream {
  private readonly outgoing = new SimPacket();
  private readonly slab = new ByteSlab();
  private readonly parsed = new SimPacket();
  private readonly intervalMs: number;
  private readonly lossTimeoutMs: number;
  private readonly startAtMs: number;
  private readonly rttMs = new SampleSet(maxKeptRttSamples);
  private echoed = new Uint8Array(1024);
  private sentAtMsBySeq = new Float64Array(1024);
  private sent = 0;
  private lastEchoAtMs: number;
  private maxInnerGapMs = 0;
  private stopped = false;

  constructor(
    private readonly loop: EventLoop,
    private readonly tunnel: TunnelEnd,
    options: ProbeStreamOptions = {},
  ) {
    const rateHz = options.rateHz ?? 50;
    if (!(rateHz > 0)) throw new RangeError("ProbeStream: rateHz must be positive");
    this.intervalMs = 1000 / rateHz;
    this.lossTimeoutMs = options.lossTimeoutMs ?? 1000;
    this.startAtMs = options.startAtMs ?? loop.nowMs();
    this.lastEchoAtMs = this.startAtMs;
    const packet = this.outgoing;
    packet.kind = "probe";
    packet.streamId = options.streamId ?? 3;
    packet.srcPort = clientPortOf(packet.streamId);
    packet.dstPort = servicePort.probe;
    packet.totalBytes = options.packetBytes ?? 100;
    tunnel.listen(this.onPacket);
    loop.schedule(this.startAtMs, this.tick);
  }

  stop(): void {
    this.stopped = true;
  }

  result(): ProbeResult {
    const nowMs = this.loop.nowMs();
    let judged = 0;
    let lost = 0;
    for (let seq = 0; seq < this.sent && this.sentAtMsBySeq[seq]! <= nowMs - this.lossTimeoutMs; seq++) {
      judged++;
      if (this.echoed[seq] === 0) lost++;
    }
    return {
      sentProbes: this.sent,
      judgedProbes: judged,
      lossRatio: judged === 0 ? 0 : lost / judged,
      maxGapMs: Math.max(this.maxInnerGapMs, nowMs - this.lastEchoAtMs),
      rttP50Ms: this.rttMs.percentile(0.5),
      rttP99Ms: this.rttMs.percentile(0.99),
      rttMaxMs: this.rttMs.percentile(1),
    };
  }

  private readonly tick = (): void => {
    if (this.stopped) return;
    const seq = this.sent++;
    if (seq >= this.echoed.length) this.grow();
    const nowMs = this.loop.nowMs();
    this.sentAtMsBySeq[seq] = nowMs;
    this.outgoing.seq = seq;
    this.outgoing.sentAtMs = nowMs;
    this.tunnel.offer(buildSimPacket(this.outgoing, this.slab));
    this.loop.schedule(this.startAtMs + this.sent * this.intervalMs, this.tick);
  };

  private readonly onPacket = (bytes: Uint8Array, atMs: number): void => {
    const packet = this.parsed;
    if (!parseSimPacket(bytes, packet) || packet.kind !== "probe-echo") return;
    const seq = packet.seq;
    if (packet.streamId !== this.outgoing.streamId || seq >= this.sent || this.echoed[seq] === 1) return;
    this.echoed[seq] = 1;
    this.rttMs.add(atMs - packet.sentAtMs);
    this.maxInnerGapMs = Math.max(this.maxInnerGapMs, atMs - this.lastEchoAtMs);
    this.lastEchoAtMs = atMs;
  };

  private grow(): void {
    const echoed = new Uint8Array(this.echoed.length * 2);
    echoed.set(this.echoed);
    this.echoed = echoed;
    const sentAtMs = new Float64Array(this.sentAtMsBySeq.length * 2);
    sentAtMs.set(this.sentAtMsBySeq);
    this.sentAtMsBySeq = sentAtMs;
  }
}

/** Answers every probe it sees at its tunnel end with an echo of the same size, ends swapped. */
export class ProbeEchoer {
  private readonly packet = new SimPacket();
  private readonly slab = new ByteSlab();
  private echoes = 0;

  constructor(private readonly tunnel: TunnelEnd) {
    tunnel.listen(this.onPacket);
  }

  get echoedProbes(): number {
    return this.echoes;
  }

  private readonly onPacket = (bytes: Uint8Array): void => {
    const packet = this.packet;
    if (!parseSimPacket(bytes, packet) || packet.kind !== "probe") return;
    packet.kind = "probe-echo";
    packet.reverse();
    this.echoes++;
    this.tunnel.offer(buildSimPacket(packet, this.slab));
  };
}
