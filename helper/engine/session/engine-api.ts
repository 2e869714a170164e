// The engine's public surface: what the platform layer gives it (clock, randomness, outputs) and gets back (events).
import type { PathEvent, PathId, PathMetrics, PathPriority, SchedulerMode } from "../path-types";
import type { Clock, Endpoint, RandomSource, SocketId, WallClock } from "../ports";

/** Where the engine's output goes: the platform writes datagrams to sockets and packets to the TUN device. */
export interface EngineOutput {
  sendDatagram(socketId: SocketId, to: Endpoint, datagram: Uint8Array): void;
  /** One IP packet for the TUN device; the engine does not keep it after the call. */
  writeTun(packet: Uint8Array): void;
  event(event: EngineEvent): void;
}

export interface EngineOptions {
  readonly privateKey: Uint8Array;
  readonly clock: Clock;
  readonly wallClock: WallClock;
  readonly random: RandomSource;
  readonly output: EngineOutput;
  /** Scheduler for every peer unless set per peer. Default "bond". */
  readonly mode?: SchedulerMode;
  /** Packets waiting for a handshake, per peer; more are dropped (counted). Default 256. */
  readonly maxQueuedPackets?: number;
  /** Probe period of an up path in use (a profile's ProbeRateHz); default 100 ms, 10 per second. */
  readonly probeIntervalMs?: number;
}

export interface PeerOptions {
  readonly publicKey: Uint8Array;
  readonly presharedKey?: Uint8Array;
  readonly persistentKeepaliveSec?: number;
  /** Prefixes routed to this peer and accepted from it (WireGuard's AllowedIPs), e.g. ["10.8.0.2/32"]. */
  readonly allowedIps: readonly string[];
  readonly mode?: SchedulerMode;
}

export interface UplinkOptions {
  /** Interface name shown to the user (eth0, wlan0, wwan0). */
  readonly name: string;
  readonly socketId: SocketId;
  /** The peer's endpoint as seen through this uplink. */
  readonly remote: Endpoint;
  readonly priority?: PathPriority;
  /** A metered link (LTE, satellite) probes sparsely while idle. */
  readonly metered?: boolean;
}

export type PeerCapability = "unknown" | "braid" | "stock-wireguard";

export type EngineEvent =
  | { readonly kind: "handshake"; readonly atMs: number; readonly peerKey: string }
  | {
      readonly kind: "capability";
      readonly atMs: number;
      readonly peerKey: string;
      readonly capability: PeerCapability;
    }
  | { readonly kind: "path"; readonly peerKey: string; readonly path: PathEvent; readonly pathName: string }
  /** The largest IP packet every peer's usable paths now carry: the platform sets the TUN's MTU to it. */
  | { readonly kind: "tunnel-mtu"; readonly atMs: number; readonly mtuBytes: number };

export interface PeerSnapshot {
  readonly peerKey: string;
  readonly capability: PeerCapability;
  readonly mode: SchedulerMode;
  readonly lastHandshakeAtMs: number | undefined;
  readonly paths: ReadonlyArray<PathMetrics & { readonly name: string }>;
  readonly counters: Readonly<Record<string, number>>;
}

export type { PathId };
