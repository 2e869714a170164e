// One peer over many paths: its single WireGuard session, the Braid frames on top, path learning, probes,
// scheduling and reassembly. The engine owns the device and routing; this owns everything per peer.

import { decodePlaintext } from "../frames/frame-decode";
import { probeEchoFor } from "../frames/frame-encode";
import {
  braidProtocolVersion,
  dataHeaderBytes,
  type Frame,
  type HelloPath,
  helloCapabilities,
} from "../frames/frame-types";
import { PathMonitor } from "../path-monitor/path-monitor";
import type { PathEvent, PathId, PathPriority, SchedulerMode } from "../path-types";
import type { Endpoint, SocketId } from "../ports";
import { ReassemblyEngine } from "../reassembly/reassembly-engine";
import type { PeerHandle } from "../wireguard/device-api";
import type { WireGuardDevice } from "../wireguard/wireguard-device";
import { type CapabilityState, capabilityName, helloDecision, unknownCapability } from "./capability";
import type { EngineOutput, PeerSnapshot } from "./engine-api";
import { gapHoldMs } from "./gap-hold";
import { MultipathSender } from "./multipath-sender";
import { AnnouncedPaths, helloPathsOf } from "./path-announcements";
import type { PathScheduler } from "./path-scheduler";
import { type PathEntry, PathTable } from "./path-table";
import { SilentPathWatch } from "./silent-path-watch";

export interface PeerContext {
  readonly role: "client" | "server";
  readonly device: WireGuardDevice;
  readonly output: EngineOutput;
  readonly maxQueuedPackets: number;
  readonly probeIntervalMs?: number;
  /** Writes a released packet to the TUN after the engine's AllowedIPs source check. */
  readonly deliver: (peer: MultipathPeer, packet: Uint8Array) => void;
}

const allCapabilities =
  helloCapabilities.dataFrames |
  helloCapabilities.probes |
  helloCapabilities.feedback |
  helloCapabilities.pathMtuProbes;
/** When each part of a peer next needs a tick (ms; Infinity: never). */
interface PeerDeadlines {
  reassembly: number;
  scheduler: number;
  monitor: number;
  silence: number;
  hello: number;
}

/** Arrival path for a DATA frame from an endpoint not yet tied to a path id: the reassembly ignores it. */
const unknownPathId = 255;

export class MultipathPeer {
  readonly paths = new PathTable();
  readonly monitor: PathMonitor;
  /** Replaced when the client restarts: its sequence numbers start again from zero. */
  reassembly = new ReassemblyEngine({});
  private readonly sender: MultipathSender;
  private readonly silence = new SilentPathWatch();
  private capability: CapabilityState = unknownCapability;
  /** Server: what the client's HELLO said about each of its paths, applied as each path is learnt. */
  private readonly announcedPaths = new AnnouncedPaths();
  private helloNextAtMs = Number.POSITIVE_INFINITY;
  /** Reused by deadlineSources(): nextDeadlineMs() runs after every packet, so it allocates nothing. */
  private readonly deadlines: PeerDeadlines = {
    reassembly: 0,
    scheduler: 0,
    monitor: 0,
    silence: 0,
    hello: 0,
  };
  readonly counters = {
    rxDataPackets: 0,
    rxBareIpPackets: 0,
    rxInvalidFrames: 0,
    rxFromUnknownEndpoint: 0,
  };

  constructor(
    readonly handle: PeerHandle,
    readonly key: string,
    private readonly context: PeerContext,
    readonly scheduler: PathScheduler,
  ) {
    this.monitor = new PathMonitor({
      role: context.role,
      ...(context.probeIntervalMs !== undefined && { probeIntervalMs: context.probeIntervalMs }),
    });
    this.sender = new MultipathSender({
      handle,
      device: context.device,
      output: context.output,
      paths: this.paths,
      scheduler,
      monitor: this.monitor,
      maxQueuedPackets: context.maxQueuedPackets,
      isBraid: () => this.isBraid,
    });
  }

  get isBraid(): boolean {
    return this.capability.kind === "braid";
  }

  setMode(mode: SchedulerMode, nowMs: number): void {
    this.scheduler.setMode(mode, nowMs);
  }

  setProbeIntervalMs(probeIntervalMs: number, nowMs: number): void {
    this.monitor.setProbeIntervalMs(probeIntervalMs, nowMs);
  }

  // --- paths ------------------------------------------------------------------------------------------------

  /** Client: a local uplink that reaches this peer becomes a path. */
  addPath(entry: PathEntry, nowMs: number): void {
    this.paths.set(entry);
    this.monitor.addPath(entry.pathId, { priority: entry.priority, metered: entry.metered }, nowMs);
    this.refreshScheduler(nowMs);
    this.announcePaths(nowMs);
  }

  removePath(pathId: PathId, nowMs: number): void {
    const name = this.paths.get(pathId)?.name;
    const wasUsable = this.anyPathUsable(nowMs);
    if (!this.paths.delete(pathId)) return;
    this.monitor.removePath(pathId);
    this.scheduler.removePath(pathId, nowMs);
    // Now, while the removed path's name is still known: traffic moving off it is a failover event.
    this.emitSchedulerEvents(pathId, name);
    this.silence.removePath(pathId);
    this.refreshScheduler(nowMs);
    this.announcePaths(nowMs);
    // The last usable uplink going away is all paths down too, though no path was ever declared down.
    if (this.context.role === "client" && wasUsable && !this.anyPathUsable(nowMs)) {
      const detail = `${name ?? `path ${pathId}`} was removed and no usable path is left`;
      this.emitPathEvent({ atMs: nowMs, kind: "all-paths-down", pathId, detail }, pathId, name);
    }
  }

  private anyPathUsable(nowMs: number): boolean {
    for (const path of this.paths.entries()) {
      const state = this.monitor.metrics(path.pathId, nowMs)?.state;
      if (state === "up" || state === "degraded") return true;
    }
    return false;
  }

  setPriority(pathId: PathId, priority: PathPriority, nowMs: number): void {
    const entry = this.paths.get(pathId);
    if (!entry) return;
    entry.priority = priority;
    this.monitor.setPriority(pathId, priority);
    this.refreshScheduler(nowMs);
    this.announcePaths(nowMs);
  }

  setDataCap(pathId: PathId, capBytes: number | undefined, usedBytes: number, nowMs: number): void {
    if (this.paths.get(pathId)) this.scheduler.setDataCap(pathId, capBytes, usedBytes, nowMs);
  }

  /** Largest IP packet every usable path of this peer carries inside a DATA frame (undefined: not known yet). */
  tunnelMtuBytes(): number | undefined {
    return this.isBraid ? this.monitor.tunnelMtuBytes(dataHeaderBytes) : undefined;
  }

  private emitPathEvent(event: PathEvent, knownPathId?: PathId, knownName?: string): void {
    const name =
      event.pathId === undefined
        ? ""
        : event.pathId === knownPathId && knownName !== undefined
          ? knownName
          : (this.paths.get(event.pathId)?.name ?? `path ${event.pathId}`);
    this.context.output.event({ kind: "path", peerKey: this.key, path: event, pathName: name });
  }

  /** The Data Distributor's failover events (traffic moved off a path), reported like the monitor's. */
  private emitSchedulerEvents(knownPathId?: PathId, knownName?: string): void {
    for (const event of this.scheduler.takeEvents()) this.emitPathEvent(event, knownPathId, knownName);
  }

  /** Client: a Braid server schedules downstream by what HELLO says, so tell it again when a path changes. */
  private announcePaths(nowMs: number): void {
    if (this.context.role !== "client" || !this.isBraid) return;
    const path = this.sender.stockPath(nowMs) ?? this.paths.entries().next().value;
    if (path) this.sender.sendFrame(this.hello(false), path, nowMs);
  }

  /** Server: the client's word on how each of its paths may be used (priority, metering), and which it still has. */
  private applyAnnouncedPaths(paths: readonly HelloPath[], nowMs: number): void {
    this.announcedPaths.apply(paths, this.paths, this.monitor);
    // Dropped now rather than found dead later: downstream moves at once, and an uplink back under the same id
    // starts as a new path instead of sitting out a flapping path's hold-down.
    for (const pathId of this.announcedPaths.withdrawn(this.paths)) this.removePath(pathId, nowMs);
    this.refreshScheduler(nowMs);
  }

  /** Server: the client names its path in PROBE frames; before that, and for stock peers, the latest source wins. */
  private learnPath(
    pathId: PathId | undefined,
    socketId: SocketId,
    from: Endpoint,
    nowMs: number,
  ): PathEntry {
    const id = pathId ?? this.paths.find(socketId, from)?.pathId ?? 0;
    const known = this.paths.get(id);
    const entry: PathEntry = known ?? {
      pathId: id,
      socketId,
      endpoint: from,
      name: `path ${id}`,
      ...this.announcedPaths.attributesFor(id),
    };
    entry.endpoint = from;
    this.paths.set(entry);
    if (!known) this.monitor.addPath(id, { priority: entry.priority, metered: entry.metered }, nowMs);
    return entry;
  }

  // --- sending ----------------------------------------------------------------------------------------------

  /** One IP packet from the TUN device for this peer. */
  sendPacket(packet: Uint8Array, nowMs: number): void {
    this.sender.sendPacket(packet, nowMs);
  }

  /** A timer or handshake datagram of the WireGuard layer (initiation, keepalive). */
  sendSessionDatagram(datagram: Uint8Array, purpose: "initiation" | "keepalive", nowMs: number): void {
    this.sender.sendSessionDatagram(datagram, purpose, nowMs);
  }

  // --- receiving ----------------------------------------------------------------------------------------------

  /** An authenticated transport message from this peer (plaintext still padded). */
  receiveTransport(
    socketId: SocketId,
    from: Endpoint,
    plaintext: Uint8Array,
    sendOrder: number,
    nowMs: number,
  ): void {
    const decoded = decodePlaintext(plaintext);
    let path = this.paths.find(socketId, from);
    if (this.context.role === "server") {
      const namedPathId =
        decoded.kind === "frame" && decoded.frame.type === "probe" ? decoded.frame.pathId : undefined;
      // A HELLO from an endpoint we do not know is a restarted client (new sockets, new ports) opening a new
      // Braid session: learn where it is, or its HELLO goes unanswered and it falls back to stock WireGuard.
      const restartedHello =
        decoded.kind === "frame" && decoded.frame.type === "hello" && !decoded.frame.isReply;
      // Its old paths are the dead client's: forgotten, so the new ones start fresh rather than held down; and
      // its flows' sequence numbers start again, which the old reassembly state would drop as duplicates.
      if (!path && restartedHello && this.isBraid) {
        for (const old of [...this.paths.entries()]) this.removePath(old.pathId, nowMs);
        this.reassembly = new ReassemblyEngine({});
      }
      if (namedPathId !== undefined || (!path && (!this.isBraid || restartedHello)))
        path = this.learnPath(namedPathId, socketId, from, nowMs);
    }
    if (!path) this.counters.rxFromUnknownEndpoint++;
    const isData = decoded.kind === "ip" || (decoded.kind === "frame" && decoded.frame.type === "data");
    if (path) this.noteArrival(path, plaintext.length + 32, isData, sendOrder, nowMs);
    switch (decoded.kind) {
      case "keepalive":
        return;
      case "ip":
        this.counters.rxBareIpPackets++;
        this.context.deliver(this, decoded.packet);
        return;
      case "invalid":
        this.counters.rxInvalidFrames++;
        return;
      case "frame":
        this.receiveFrame(decoded.frame, path, sendOrder, nowMs);
    }
  }

  /** A byte-identical copy already received on another path: proof its path works, nothing to deliver. */
  receiveDuplicate(
    socketId: SocketId,
    from: Endpoint,
    sizeBytes: number,
    sendOrder: number,
    nowMs: number,
  ): void {
    const path = this.paths.find(socketId, from);
    if (!path) return;
    this.noteArrival(path, sizeBytes, true, sendOrder, nowMs);
  }

  private noteArrival(
    path: PathEntry,
    sizeBytes: number,
    isData: boolean,
    sendOrder: number,
    nowMs: number,
  ): void {
    this.sender.stock.onReceived(path.pathId, nowMs);
    this.monitor.onAnyPacketReceived(path.pathId, sizeBytes, nowMs, isData, sendOrder);
    for (const packet of this.reassembly.onPathProgress(path.pathId, sendOrder))
      this.context.deliver(this, packet);
    this.silence.onArrival(path.pathId, sendOrder, nowMs);
    this.releaseQuietPaths(nowMs);
  }

  private receiveFrame(frame: Frame, path: PathEntry | undefined, sendOrder: number, nowMs: number): void {
    switch (frame.type) {
      case "data": {
        this.counters.rxDataPackets++;
        const input = { ...frame, pathId: path?.pathId ?? unknownPathId, counter: sendOrder };
        for (const packet of this.reassembly.push(input, nowMs)) this.context.deliver(this, packet);
        return;
      }
      case "probe": {
        if (!path) return;
        const receivedAtMs = this.monitor.onProbeReceived(path.pathId, nowMs);
        if (receivedAtMs !== undefined) this.sender.sendFrame(probeEchoFor(frame, receivedAtMs), path, nowMs);
        return;
      }
      case "probe-echo":
        if (this.monitor.onProbeEcho(frame.pathId, frame.probeId, nowMs, frame.receivedAtMs))
          this.refreshScheduler(nowMs);
        return;
      case "feedback": {
        let changed = false;
        for (const entry of frame.paths) {
          const report = {
            rxBytesTotal: entry.rxBytes,
            rxPacketsTotal: entry.rxPackets,
            peerAtMs: frame.sentAtMs,
          };
          changed = this.monitor.onFeedback(entry.pathId, report, nowMs) || changed;
        }
        if (changed) this.refreshScheduler(nowMs);
        return;
      }
      case "hello":
        this.setCapability({ kind: "braid", sinceMs: nowMs }, nowMs);
        if (this.context.role === "server" && !frame.isReply) this.applyAnnouncedPaths(frame.paths, nowMs);
        if (!frame.isReply && path) this.sender.sendFrame(this.hello(true), path, nowMs);
    }
  }

  /** Gaps waiting on a path that went quiet are lost: let the reassembly release what they hold back. */
  private releaseQuietPaths(nowMs: number): void {
    this.silence.quietPaths(nowMs, (pathId, sendOrder) => {
      for (const packet of this.reassembly.onPathProgress(pathId, sendOrder))
        this.context.deliver(this, packet);
    });
  }

  private hello(isReply: boolean): Frame {
    const paths = this.context.role === "client" ? helloPathsOf(this.paths) : [];
    return { type: "hello", version: braidProtocolVersion, isReply, capabilities: allCapabilities, paths };
  }

  private setCapability(next: CapabilityState, nowMs: number): void {
    if (this.capability.kind === next.kind) return;
    this.capability = next;
    this.context.output.event({
      kind: "capability",
      atMs: nowMs,
      peerKey: this.key,
      capability: capabilityName(next),
    });
  }

  // --- time -------------------------------------------------------------------------------------------------

  onHandshakeComplete(nowMs: number): void {
    this.helloNextAtMs = nowMs;
    this.sender.flushPending(nowMs);
  }

  tick(nowMs: number): void {
    const { device } = this.context;
    const hasSession = device.hasSession(this.handle, nowMs);
    if (this.context.role === "client" && hasSession) this.runHello(nowMs);
    if (this.isBraid) this.runMonitor(nowMs);
    this.releaseQuietPaths(nowMs);
    for (const packet of this.reassembly.poll(nowMs)) this.context.deliver(this, packet);
    this.sender.drainPacers(nowMs);
    if (hasSession) this.sender.flushPending(nowMs);
  }

  private runHello(nowMs: number): void {
    const decision = helloDecision(this.capability, nowMs);
    this.helloNextAtMs = decision.nextAtMs;
    if (decision.action === "give-up") {
      this.setCapability({ kind: "stock-wireguard", sinceMs: nowMs }, nowMs);
    } else if (decision.action === "send-hello" && this.capability.kind === "unknown") {
      const path = this.sender.stockPath(nowMs);
      if (path) this.sender.sendFrame(this.hello(false), path, nowMs);
      this.capability = {
        kind: "unknown",
        firstHelloAtMs: this.capability.firstHelloAtMs ?? nowMs,
        lastHelloAtMs: nowMs,
      };
    }
  }

  private runMonitor(nowMs: number): void {
    const due = this.monitor.tick(nowMs);
    for (const probe of due.probes) {
      const path = this.paths.get(probe.pathId);
      if (path) {
        const frame = {
          type: "probe",
          pathId: probe.pathId,
          probeId: probe.probeId,
          sentAtMs: nowMs,
          sizeBytes: probe.frameBytes,
        } as const;
        this.sender.sendFrame(frame, path, nowMs);
      }
    }
    if (due.feedback) {
      const frame = {
        type: "feedback",
        sentAtMs: due.feedback.sentAtMs,
        paths: due.feedback.entries,
      } as const;
      for (const pathId of due.feedback.onPathIds) {
        const path = this.paths.get(pathId);
        if (path) this.sender.sendFrame(frame, path, nowMs);
      }
    }
    for (const event of due.events) this.emitPathEvent(event);
    this.emitSchedulerEvents();
    this.refreshScheduler(nowMs);
    this.reassembly.setHoldMs(gapHoldMs(this.pathMetrics(nowMs)));
  }

  private *pathMetrics(nowMs: number) {
    for (const path of this.paths.entries()) {
      const metrics = this.monitor.metrics(path.pathId, nowMs);
      if (metrics) yield metrics;
    }
  }

  private refreshScheduler(nowMs: number): void {
    for (const metrics of this.pathMetrics(nowMs)) this.scheduler.updatePath(metrics, nowMs);
  }

  /** When each part wants the next tick: the one place that says which parts have timers and when they count. */
  deadlineSources(): Readonly<PeerDeadlines> {
    const none = Number.POSITIVE_INFINITY;
    const d = this.deadlines;
    d.reassembly = this.reassembly.nextDeadlineMs() ?? none;
    d.scheduler = this.scheduler.nextDeadlineMs();
    d.monitor = this.isBraid ? this.monitor.nextDeadlineMs() : none;
    d.silence = this.reassembly.counters.heldNow > 0 ? this.silence.nextCheckMs() : none;
    d.hello =
      this.context.role === "client" && this.capability.kind === "unknown" ? this.helloNextAtMs : none;
    return d;
  }

  nextDeadlineMs(): number {
    const d = this.deadlineSources();
    return Math.min(d.reassembly, d.scheduler, d.monitor, d.silence, d.hello);
  }

  snapshot(nowMs: number): PeerSnapshot {
    const paths = [...this.paths.entries()].flatMap((path) => {
      const metrics = this.monitor.metrics(path.pathId, nowMs);
      return metrics ? [{ ...metrics, name: path.name }] : [];
    });
    return {
      peerKey: this.key,
      capability: capabilityName(this.capability),
      mode: this.scheduler.mode,
      lastHandshakeAtMs: this.handle.stats.lastHandshakeAtMs,
      paths,
      counters: {
        ...this.sender.counters,
        ...this.counters,
        ...this.reassembly.counters,
        ...this.scheduler.counters,
      },
    };
  }
}
