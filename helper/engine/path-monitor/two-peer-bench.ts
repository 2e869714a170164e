// Test bench: a client and a server PathMonitor joined by simulated paths (delay, jitter, random loss, a
// size limit, cut on demand), exchanging probes, echoes, FEEDBACK and client data on a discrete-event clock.

import type { PathEvent, PathId } from "../path-types";
import { type EventHandle, EventLoop } from "../testing/event-loop";
import type { MonitorOptions, PathConfig } from "./monitor-config";
import { PathMonitor } from "./path-monitor";
import { datagramWireBytes, feedbackFrameBytes, wireGuardMessageBytes } from "./wire-size";

/** mulberry32: tiny, seeded, good enough to decide losses and jitter repeatably. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface LinkSpec {
  readonly oneWayDelayMs: number;
  readonly jitterMs?: number;
  readonly lossRatio?: number;
  /** Datagrams larger than this (IP bytes) vanish, as on a path with a smaller MTU and no ICMP. */
  readonly maxDatagramBytes?: number;
  /** A bottleneck in each direction: datagrams queue behind each other at this rate... */
  readonly capacityBitsPerSec?: number;
  /** ...in a tail-drop buffer this many ms deep (LTE buffers are deep). */
  readonly bufferMs?: number;
}

export interface BenchPath {
  readonly pathId: PathId;
  readonly client: PathConfig;
  readonly link: LinkSpec;
}

export interface BenchOptions {
  readonly seed: number;
  /** The server's clock reads this much more than the client's: the monitors must not care. */
  readonly serverClockOffsetMs?: number;
  readonly clientOptions?: Partial<MonitorOptions>;
  readonly serverOptions?: Partial<MonitorOptions>;
}

export type Side = "client" | "server";

export interface SideEvent extends PathEvent {
  readonly side: Side;
}

export class TwoPeerBench {
  readonly loop = new EventLoop();
  readonly client: PathMonitor;
  readonly server: PathMonitor;
  readonly events: SideEvent[] = [];
  private readonly random: () => number;
  private readonly offsetMs: number;
  private readonly links = new Map<PathId, LinkSpec>();
  private readonly dead = new Set<PathId>();
  private readonly tickAt: Record<Side, number> = { client: Infinity, server: Infinity };
  private readonly tickHandle: Record<Side, EventHandle | undefined> = {
    client: undefined,
    server: undefined,
  };
  /** When each path's bottleneck, per direction, has finished sending what it holds. */
  private readonly busyUntilMs = new Map<string, number>();
  private readonly feedbackCounts = new Map<string, number>();
  /** Client liveness-probe round trips, per path, as [sentAtMs, rttMs]. */
  readonly clientRttSamples = new Map<PathId, [number, number][]>();

  constructor(paths: readonly BenchPath[], options: BenchOptions) {
    this.random = seededRandom(options.seed);
    this.offsetMs = options.serverClockOffsetMs ?? 12_345.678;
    this.client = new PathMonitor({ ...options.clientOptions, role: "client" });
    this.server = new PathMonitor({ ...options.serverOptions, role: "server" });
    for (const p of paths) {
      this.links.set(p.pathId, p.link);
      this.client.addPath(p.pathId, p.client, 0);
      // The server learns a path from the client's packets and knows nothing of its cost.
      this.server.addPath(p.pathId, { priority: "primary", metered: false }, this.offsetMs);
    }
    this.scheduleTick("client");
    this.scheduleTick("server");
  }

  get nowMs(): number {
    return this.loop.nowMs();
  }

  /** FEEDBACK frames one side has sent on pathId so far. */
  feedbackSent(side: Side, pathId: PathId): number {
    return this.feedbackCounts.get(`${side}:${pathId}`) ?? 0;
  }

  /** Changes a path's link from now on (capacity drop, added delay...). */
  setLink(pathId: PathId, link: LinkSpec): void {
    this.links.set(pathId, link);
  }

  setAlive(pathId: PathId, alive: boolean): void {
    if (alive) this.dead.delete(pathId);
    else this.dead.add(pathId);
  }

  runUntil(simMs: number): void {
    this.loop.runUntil(simMs);
  }

  /** The client sends a DATA datagram of sizeBytes on pathId every intervalMs from now until untilMs. */
  sendData(pathId: PathId, intervalMs: number, sizeBytes: number, untilMs: number): void {
    const send = () => {
      if (this.loop.nowMs() > untilMs) return;
      this.sendDataNow(pathId, sizeBytes);
      this.loop.after(intervalMs, send);
    };
    send();
  }

  /** The client sends one DATA datagram of sizeBytes (UDP payload) on pathId now. */
  sendDataNow(pathId: PathId, sizeBytes: number): void {
    this.client.onDataSent(pathId, sizeBytes, this.loop.nowMs());
    this.carry(pathId, "client", sizeBytes + 28, () => {
      this.server.onAnyPacketReceived(pathId, sizeBytes, this.clock("server"), true);
      this.scheduleTick("server");
    });
    this.scheduleTick("client");
  }

  private monitor(side: Side): PathMonitor {
    return side === "client" ? this.client : this.server;
  }

  private clock(side: Side): number {
    return side === "client" ? this.loop.nowMs() : this.loop.nowMs() + this.offsetMs;
  }

  private peer(side: Side): Side {
    return side === "client" ? "server" : "client";
  }

  /** Delivers after the link's delay unless lost, too big, or the path is dead at either end of the trip. */
  private carry(pathId: PathId, from: Side, wireBytes: number, deliver: () => void): void {
    const link = this.links.get(pathId);
    if (link === undefined || this.dead.has(pathId)) return;
    if (wireBytes > (link.maxDatagramBytes ?? Infinity)) return;
    if (this.random() < (link.lossRatio ?? 0)) return;
    const nowMs = this.loop.nowMs();
    let departMs = nowMs;
    if (link.capacityBitsPerSec !== undefined) {
      const key = `${pathId}:${from}`;
      const startMs = Math.max(nowMs, this.busyUntilMs.get(key) ?? 0);
      if (startMs - nowMs > (link.bufferMs ?? Infinity)) return;
      departMs = startMs + (wireBytes * 8 * 1000) / link.capacityBitsPerSec;
      this.busyUntilMs.set(key, departMs);
    }
    const delayMs = departMs - nowMs + link.oneWayDelayMs + (link.jitterMs ?? 0) * this.random();
    this.loop.after(delayMs, () => {
      if (!this.dead.has(pathId)) deliver();
    });
  }

  private recordRtt(pathId: PathId, sentAtMs: number): void {
    let samples = this.clientRttSamples.get(pathId);
    if (samples === undefined) {
      samples = [];
      this.clientRttSamples.set(pathId, samples);
    }
    samples.push([sentAtMs, this.loop.nowMs() - sentAtMs]);
  }

  private scheduleTick(side: Side): void {
    const m = this.monitor(side);
    const atSimMs = Math.max(this.loop.nowMs(), m.nextDeadlineMs() - (side === "server" ? this.offsetMs : 0));
    if (!(atSimMs < this.tickAt[side])) return;
    const handle = this.tickHandle[side];
    if (handle !== undefined) this.loop.cancel(handle);
    this.tickAt[side] = atSimMs;
    this.tickHandle[side] = this.loop.schedule(atSimMs, () => this.runTick(side));
  }

  private runTick(side: Side): void {
    this.tickAt[side] = Infinity;
    this.tickHandle[side] = undefined;
    const m = this.monitor(side);
    const peerSide = this.peer(side);
    const peer = this.monitor(peerSide);
    const out = m.tick(this.clock(side));
    for (const e of out.events) this.events.push({ ...e, side });
    const sizes = m.options.frameSizes;
    for (const probe of out.probes) {
      const sentAtMs = this.loop.nowMs();
      this.carry(probe.pathId, side, datagramWireBytes(probe.frameBytes, 20), () => {
        const at = this.clock(peerSide);
        peer.onAnyPacketReceived(probe.pathId, wireGuardMessageBytes(probe.frameBytes), at, false);
        const peerRxAtMs = peer.onProbeReceived(probe.pathId, at);
        this.scheduleTick(peerSide);
        if (peerRxAtMs === undefined) return;
        this.carry(probe.pathId, peerSide, datagramWireBytes(sizes.probeEchoBytes, 20), () => {
          const back = this.clock(side);
          if (side === "client" && probe.purpose === "liveness") this.recordRtt(probe.pathId, sentAtMs);
          m.onAnyPacketReceived(probe.pathId, wireGuardMessageBytes(sizes.probeEchoBytes), back, false);
          m.onProbeEcho(probe.pathId, probe.probeId, back, peerRxAtMs);
          this.scheduleTick(side);
        });
      });
    }
    const feedback = out.feedback;
    if (feedback !== undefined) {
      const frameBytes = feedbackFrameBytes(sizes, feedback.entries.length);
      for (const onPathId of feedback.onPathIds) {
        const key = `${side}:${onPathId}`;
        this.feedbackCounts.set(key, (this.feedbackCounts.get(key) ?? 0) + 1);
        this.carry(onPathId, side, datagramWireBytes(frameBytes, 20), () => {
          const at = this.clock(peerSide);
          peer.onAnyPacketReceived(onPathId, wireGuardMessageBytes(frameBytes), at, false);
          for (const e of feedback.entries) {
            peer.onFeedback(
              e.pathId,
              { rxBytesTotal: e.rxBytes, rxPacketsTotal: e.rxPackets, peerAtMs: feedback.sentAtMs },
              at,
            );
          }
          this.scheduleTick(peerSide);
        });
      }
    }
    this.scheduleTick(side);
  }
}
