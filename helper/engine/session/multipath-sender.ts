// The sending half of a multipath peer: packets become DATA frames (or bare IP for stock WireGuard), are
// encrypted once, and leave on the paths the scheduler picks, paced; control frames leave at once.
import { FlowClassifier } from "../frames/flow-key";
import { encodeDataHeader, encodeFrame } from "../frames/frame-encode";
import { dataFlags, dataHeaderBytes, type Frame } from "../frames/frame-types";
import type { PathMonitor } from "../path-monitor/path-monitor";
import type { PeerHandle } from "../wireguard/device-api";
import type { WireGuardDevice } from "../wireguard/wireguard-device";
import type { EngineOutput } from "./engine-api";
import { FlowSequencer } from "./flow-sequencer";
import type { PathScheduler } from "./path-scheduler";
import type { PathEntry, PathTable } from "./path-table";
import { StockFailover } from "./stock-failover";

export interface SenderParts {
  readonly handle: PeerHandle;
  readonly device: WireGuardDevice;
  readonly output: EngineOutput;
  readonly paths: PathTable;
  readonly scheduler: PathScheduler;
  readonly monitor: PathMonitor;
  /** Packets kept while there is no session yet; more are dropped. */
  readonly maxQueuedPackets: number;
  /** The peer speaks Braid (DATA frames on every path) rather than stock WireGuard (bare IP, one path). */
  readonly isBraid: () => boolean;
}

export class MultipathSender {
  readonly stock = new StockFailover();
  private readonly sequencer = new FlowSequencer();
  private readonly classifier = new FlowClassifier();
  private pending: Uint8Array[] = [];
  /** Plaintext scratch: encrypt() copies out of it, so one buffer serves every frame. */
  private readonly scratch = new Uint8Array(dataHeaderBytes + 65_535);
  readonly counters = {
    txDataPackets: 0,
    txDroppedNoPath: 0,
    txDroppedQueueFull: 0,
    txDroppedNoSession: 0,
  };

  constructor(private readonly parts: SenderParts) {}

  /** One IP packet from the TUN device for this peer. */
  sendPacket(packet: Uint8Array, nowMs: number): void {
    const { device, handle } = this.parts;
    if (!device.hasSession(handle, nowMs)) {
      if (this.pending.length < this.parts.maxQueuedPackets) this.pending.push(packet.slice());
      else this.counters.txDroppedNoSession++;
      device.encrypt(handle, packet.subarray(0, 0), nowMs); // starts a handshake if none is under way
      return;
    }
    if (this.parts.isBraid()) this.sendDataFrame(packet, nowMs);
    else this.sendBare(packet, nowMs);
  }

  private sendDataFrame(packet: Uint8Array, nowMs: number): void {
    const { scheduler } = this.parts;
    const flow = this.classifier.classify(packet);
    const chosen = scheduler.choose(packet.length + dataHeaderBytes, flow.latencySensitive, nowMs);
    if (chosen.length === 0) {
      this.counters.txDroppedNoPath++;
      return;
    }
    const slot = this.sequencer.next(flow.flowId);
    const flags =
      (flow.latencySensitive ? dataFlags.latencySensitive : 0) | (slot.isStart ? dataFlags.flowStart : 0);
    const header = {
      flowId: flow.flowId,
      flowSeq: slot.seq,
      activePathMask: scheduler.activePathMask(nowMs),
      flags,
    };
    encodeDataHeader(header, this.scratch, 0);
    this.scratch.set(packet, dataHeaderBytes);
    const plaintext = this.scratch.subarray(0, dataHeaderBytes + packet.length);
    const sealed = this.parts.device.encrypt(this.parts.handle, plaintext, nowMs);
    if (sealed.kind !== "datagram") {
      this.counters.txDroppedNoSession++;
      return;
    }
    this.counters.txDataPackets++;
    // One ciphertext, however many paths carry it: duplicates are byte-identical and the replay window drops them.
    for (const pathId of chosen) {
      if (!scheduler.enqueue(pathId, sealed.datagram, flow.latencySensitive, nowMs)) {
        this.counters.txDroppedQueueFull++;
      }
    }
    this.drainPacers(nowMs);
  }

  /** Stock WireGuard (or not known yet): bare IP on one path, or on every path in redundant mode. */
  private sendBare(packet: Uint8Array, nowMs: number): void {
    const sealed = this.parts.device.encrypt(this.parts.handle, packet, nowMs);
    if (sealed.kind !== "datagram") {
      this.counters.txDroppedNoSession++;
      return;
    }
    this.counters.txDataPackets++;
    const redundant = this.parts.scheduler.mode === "redundant";
    const targets = redundant ? [...this.parts.paths.entries()] : [this.stockPath(nowMs)];
    for (const path of targets) {
      if (!path) continue;
      this.parts.output.sendDatagram(path.socketId, path.endpoint, sealed.datagram);
      this.stock.onSent(path.pathId, nowMs);
    }
  }

  /** The one path a stock peer gets: the current one until it goes silent. */
  stockPath(nowMs: number): PathEntry | undefined {
    const pathId = this.stock.current([...this.parts.paths.entries()], nowMs);
    return pathId === undefined ? undefined : this.parts.paths.get(pathId);
  }

  /** Control frames go out at once on their own path, ahead of data queues (queued probes would measure us). */
  sendFrame(frame: Frame, path: PathEntry, nowMs: number): void {
    const sizeBytes = encodeFrame(frame, this.scratch, 0);
    const sealed = this.parts.device.encrypt(this.parts.handle, this.scratch.subarray(0, sizeBytes), nowMs);
    if (sealed.kind === "datagram")
      this.parts.output.sendDatagram(path.socketId, path.endpoint, sealed.datagram);
  }

  drainPacers(nowMs: number): void {
    this.parts.scheduler.dequeueReady(nowMs, (pathId, datagram) => {
      const path = this.parts.paths.get(pathId);
      if (!path) return;
      this.parts.output.sendDatagram(path.socketId, path.endpoint, datagram);
      this.parts.monitor.onDataSent(pathId, datagram.length, nowMs);
    });
  }

  /** A timer or handshake datagram of the WireGuard layer (initiation, keepalive). */
  sendSessionDatagram(datagram: Uint8Array, purpose: "initiation" | "keepalive", nowMs: number): void {
    // Initiations go on every path: whichever works first completes the handshake (the responder rejects the
    // copies as replays of the same timestamp). Keepalives need one path.
    const paths = purpose === "initiation" ? [...this.parts.paths.entries()] : [this.bestPath(nowMs)];
    for (const path of paths) {
      if (path) this.parts.output.sendDatagram(path.socketId, path.endpoint, datagram);
    }
  }

  private bestPath(nowMs: number): PathEntry | undefined {
    if (!this.parts.isBraid()) return this.stockPath(nowMs);
    let best: { path: PathEntry; rttMs: number } | undefined;
    for (const path of this.parts.paths.entries()) {
      const metrics = this.parts.monitor.metrics(path.pathId, nowMs);
      if (!metrics || metrics.state === "down") continue;
      const rttMs = metrics.srttMs ?? Number.POSITIVE_INFINITY;
      if (!best || rttMs < best.rttMs) best = { path, rttMs };
    }
    return best?.path ?? this.parts.paths.entries().next().value;
  }

  /** Sends what waited for the session. */
  flushPending(nowMs: number): void {
    if (this.pending.length === 0) return;
    const queued = this.pending;
    this.pending = [];
    for (const packet of queued) this.sendPacket(packet, nowMs);
  }
}
