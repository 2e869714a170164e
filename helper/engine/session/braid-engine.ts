// The engine the platform layer drives, in both roles: packets in from the TUN, datagrams in from sockets, timer
// ticks; packets, datagrams and events out through EngineOutput. Nothing here throws on anything from the network.
import type { PathId, PathPriority, SchedulerMode } from "../path-types";
import type { Endpoint, SocketId } from "../ports";
import type { PeerHandle } from "../wireguard/device-api";
import { WireGuardDevice } from "../wireguard/wireguard-device";
import { AllowedIps, parsePrefix } from "./allowed-ips";
import type { EngineOptions, PeerOptions, PeerSnapshot, UplinkOptions } from "./engine-api";
import { MultipathPeer, type PeerContext } from "./multipath-peer";
import type { PathScheduler } from "./path-scheduler";

export interface BraidEngineOptions extends EngineOptions {
  readonly role: "client" | "server";
  /** Builds a peer's Data Distributor. */
  readonly createScheduler: (mode: SchedulerMode) => PathScheduler;
}

export class BraidEngineConfigError extends Error {
  override readonly name = "BraidEngineConfigError";
}

function keyHex(key: Uint8Array): string {
  return Buffer.from(key).toString("hex");
}

export class BraidEngine {
  private readonly device: WireGuardDevice;
  private readonly peersByKey = new Map<string, MultipathPeer>();
  private readonly peersByHandle = new Map<PeerHandle, MultipathPeer>();
  private readonly routes = new AllowedIps<MultipathPeer>();
  /** Replaced (not mutated) when the probe rate changes: peers read it only when they are made. */
  private context: PeerContext;
  private announcedMtuBytes: number | undefined;
  readonly counters = {
    tunPacketsNoRoute: 0,
    rxSourceNotAllowed: 0,
    rxDropped: 0,
    handshakes: 0,
  };

  constructor(private readonly options: BraidEngineOptions) {
    this.device = new WireGuardDevice({
      privateKey: options.privateKey,
      clock: options.clock,
      wallClock: options.wallClock,
      random: options.random,
    });
    this.context = {
      role: options.role,
      device: this.device,
      output: options.output,
      maxQueuedPackets: options.maxQueuedPackets ?? 256,
      ...(options.probeIntervalMs !== undefined && { probeIntervalMs: options.probeIntervalMs }),
      deliver: (peer, packet) => this.deliver(peer, packet),
    };
  }

  get publicKey(): Uint8Array {
    return this.device.publicKey;
  }

  /** Adds a peer; a bad AllowedIPs entry is a configuration error (thrown, naming the entry). */
  addPeer(config: PeerOptions): string {
    const prefixes = config.allowedIps.map((text) => {
      const prefix = parsePrefix(text);
      if (typeof prefix === "string") throw new BraidEngineConfigError(`AllowedIPs: ${prefix}`);
      return prefix;
    });
    const key = keyHex(config.publicKey);
    if (this.peersByKey.has(key))
      throw new BraidEngineConfigError(`peer ${key.slice(0, 8)}… is already configured`);
    const handle = this.device.addPeer({
      publicKey: config.publicKey,
      ...(config.presharedKey ? { presharedKey: config.presharedKey } : {}),
      ...(config.persistentKeepaliveSec ? { persistentKeepaliveSec: config.persistentKeepaliveSec } : {}),
    });
    const mode = config.mode ?? this.options.mode ?? "bond";
    const peer = new MultipathPeer(handle, key, this.context, this.options.createScheduler(mode));
    this.peersByKey.set(key, peer);
    this.peersByHandle.set(handle, peer);
    for (const prefix of prefixes) this.routes.add(prefix, peer);
    return key;
  }

  removePeer(key: string): void {
    const peer = this.peersByKey.get(key);
    if (!peer) return;
    this.routes.removeOwner(peer);
    this.device.removePeer(peer.handle);
    this.peersByKey.delete(key);
    this.peersByHandle.delete(peer.handle);
  }

  /** Client: an uplink (its own socket) that reaches the peer becomes one of its paths. */
  addUplink(peerKey: string, uplink: UplinkOptions): PathId {
    const peer = this.requirePeer(peerKey);
    const pathId = peer.paths.freeId();
    if (pathId === undefined) throw new BraidEngineConfigError("no free path id: at most 32 paths per peer");
    const entry = {
      pathId,
      socketId: uplink.socketId,
      endpoint: uplink.remote,
      name: uplink.name,
      priority: uplink.priority ?? "primary",
      metered: uplink.metered ?? false,
    };
    peer.addPath(entry, this.options.clock.nowMs());
    return pathId;
  }

  /**
   * Client: starts the handshake now instead of at the first packet, so the paths are probed (and shown) and
   * failover is ready before any traffic. The initiation goes out at the next tick().
   */
  startSession(peerKey: string): void {
    const peer = this.requirePeer(peerKey);
    const nowMs = this.options.clock.nowMs();
    if (!this.device.hasSession(peer.handle, nowMs))
      this.device.encrypt(peer.handle, new Uint8Array(0), nowMs);
  }

  removeUplink(peerKey: string, pathId: PathId): void {
    this.peersByKey.get(peerKey)?.removePath(pathId, this.options.clock.nowMs());
  }

  setPathPriority(peerKey: string, pathId: PathId, priority: PathPriority): void {
    this.peersByKey.get(peerKey)?.setPriority(pathId, priority, this.options.clock.nowMs());
  }

  /** A data cap on one path (undefined lifts it); usedBytes carries what the path already used this period. */
  setDataCap(peerKey: string, pathId: PathId, capBytes: number | undefined, usedBytes = 0): void {
    if (capBytes !== undefined && !(Number.isFinite(capBytes) && capBytes >= 0))
      throw new BraidEngineConfigError(`data cap must be a number of bytes >= 0, got ${capBytes}`);
    this.requirePeer(peerKey).setDataCap(pathId, capBytes, usedBytes, this.options.clock.nowMs());
  }

  /**
   * The largest IP packet that fits every Braid peer's usable paths, found by probing (no ICMP needed); undefined
   * until discovery has an answer. A "tunnel-mtu" event announces each change.
   */
  tunnelMtuBytes(): number | undefined {
    let smallest: number | undefined;
    for (const peer of this.peersByKey.values()) {
      const mtuBytes = peer.tunnelMtuBytes();
      if (mtuBytes !== undefined) smallest = Math.min(smallest ?? mtuBytes, mtuBytes);
    }
    return smallest;
  }

  setMode(mode: SchedulerMode, peerKey?: string): void {
    const nowMs = this.options.clock.nowMs();
    for (const peer of this.peersByKey.values()) {
      if (peerKey === undefined || peer.key === peerKey) peer.setMode(mode, nowMs);
    }
  }

  /** The probe period of up paths in use, for every peer now and every peer added later. */
  setProbeIntervalMs(probeIntervalMs: number): void {
    if (!(Number.isFinite(probeIntervalMs) && probeIntervalMs > 0))
      throw new BraidEngineConfigError(`probe interval must be a number of ms > 0, got ${probeIntervalMs}`);
    this.context = { ...this.context, probeIntervalMs };
    const nowMs = this.options.clock.nowMs();
    for (const peer of this.peersByKey.values()) peer.setProbeIntervalMs(probeIntervalMs, nowMs);
  }

  private requirePeer(key: string): MultipathPeer {
    const peer = this.peersByKey.get(key);
    if (!peer) throw new BraidEngineConfigError(`no peer ${key.slice(0, 8)}…`);
    return peer;
  }

  // --- data plane ---------------------------------------------------------------------------------------------

  /** An IP packet read from the TUN device: goes to the peer whose AllowedIPs hold its destination. */
  handleTunPacket(packet: Uint8Array): void {
    const peer = this.routes.lookup(packet, "destination");
    if (!peer) {
      this.counters.tunPacketsNoRoute++;
      return;
    }
    peer.sendPacket(packet, this.options.clock.nowMs());
  }

  /** A datagram from one of our sockets. */
  handleDatagram(socketId: SocketId, from: Endpoint, datagram: Uint8Array): void {
    const nowMs = this.options.clock.nowMs();
    const result = this.device.receive(datagram, nowMs, from);
    switch (result.kind) {
      case "transport":
        this.peersByHandle
          .get(result.peer)
          ?.receiveTransport(socketId, from, result.plaintext, result.sendOrder, nowMs);
        return;
      case "duplicate":
        this.peersByHandle
          .get(result.peer)
          ?.receiveDuplicate(socketId, from, datagram.length, result.sendOrder, nowMs);
        return;
      case "reply":
        this.options.output.sendDatagram(socketId, from, result.datagram);
        return;
      case "handshake-complete": {
        this.counters.handshakes++;
        this.options.output.sendDatagram(socketId, from, result.keepalive);
        const peer = this.peersByHandle.get(result.peer);
        this.options.output.event({ kind: "handshake", atMs: nowMs, peerKey: peer?.key ?? "" });
        peer?.onHandshakeComplete(nowMs);
        return;
      }
      case "cookie":
        return;
      case "dropped":
        this.counters.rxDropped++;
    }
  }

  /** WireGuard's rule: a peer may only send from addresses in its AllowedIPs. */
  private deliver(peer: MultipathPeer, packet: Uint8Array): void {
    if (this.routes.lookup(packet, "source") !== peer) {
      this.counters.rxSourceNotAllowed++;
      return;
    }
    this.options.output.writeTun(packet);
  }

  /** Runs everything due at the clock's now; call again at nextDeadlineMs(). */
  tick(): void {
    const nowMs = this.options.clock.nowMs();
    for (const due of this.device.tick(nowMs)) {
      this.peersByHandle.get(due.peer)?.sendSessionDatagram(due.datagram, due.purpose, nowMs);
    }
    for (const peer of this.peersByKey.values()) peer.tick(nowMs);
    const mtuBytes = this.tunnelMtuBytes();
    if (mtuBytes !== undefined && mtuBytes !== this.announcedMtuBytes) {
      this.announcedMtuBytes = mtuBytes;
      this.options.output.event({ kind: "tunnel-mtu", atMs: nowMs, mtuBytes });
    }
  }

  nextDeadlineMs(): number {
    let deadline = this.device.nextDeadlineMs();
    for (const peer of this.peersByKey.values()) deadline = Math.min(deadline, peer.nextDeadlineMs());
    return deadline;
  }

  /** What each part wants next, for diagnosing a timer that never settles. */
  deadlineSources(): Record<string, number> {
    const sources: Record<string, number> = { device: this.device.nextDeadlineMs() };
    for (const peer of this.peersByKey.values()) {
      for (const [part, atMs] of Object.entries(peer.deadlineSources()))
        sources[`${peer.key.slice(0, 8)}.${part}`] = atMs;
    }
    return sources;
  }

  snapshot(): PeerSnapshot[] {
    const nowMs = this.options.clock.nowMs();
    return [...this.peersByKey.values()].map((peer) => peer.snapshot(nowMs));
  }
}
