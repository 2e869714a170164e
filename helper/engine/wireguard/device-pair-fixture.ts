// Test fixture: two WireGuard devices that know each other, a manual clock, and in-memory delivery between them.

import { generatePrivateKey } from "../crypto/x25519";
import type { Clock, Endpoint, WallClock } from "../ports";
import { SeededRandom } from "../testing/seeded-random";
import type { PeerHandle, ReceiveResult } from "./device-api";
import { WireGuardDevice } from "./wireguard-device";

/** Monotonic time set by the test; wall time is a fixed recent epoch plus that. */
export class ManualClock implements Clock, WallClock {
  constructor(public currentMs = 0) {}

  nowMs(): number {
    return this.currentMs;
  }

  unixNowMs(): number {
    return 1_700_000_000_000 + this.currentMs;
  }
}

export interface DevicePairOptions {
  readonly seed?: number;
  readonly presharedKey?: Uint8Array;
  /** Preshared key B uses for A, when testing a mismatch. */
  readonly presharedKeyOnB?: Uint8Array;
  readonly bUnderLoad?: () => boolean;
  readonly persistentKeepaliveSecOnA?: number;
}

export interface DevicePair {
  readonly clock: ManualClock;
  /** The initiating side in most tests (the "client"). */
  readonly a: WireGuardDevice;
  readonly b: WireGuardDevice;
  /** B as seen by A. */
  readonly peerB: PeerHandle;
  /** A as seen by B. */
  readonly peerA: PeerHandle;
}

export const endpointA: Endpoint = { address: "192.0.2.10", port: 51000 };
export const endpointB: Endpoint = { address: "198.51.100.1", port: 51820 };

export function makeDevicePair(options: DevicePairOptions = {}): DevicePair {
  const clock = new ManualClock();
  const seed = options.seed ?? 1;
  const randomA = new SeededRandom(seed, "a");
  const randomB = new SeededRandom(seed, "b");
  const a = new WireGuardDevice({
    privateKey: generatePrivateKey(randomA),
    clock,
    wallClock: clock,
    random: randomA,
  });
  const b = new WireGuardDevice({
    privateKey: generatePrivateKey(randomB),
    clock,
    wallClock: clock,
    random: randomB,
    ...(options.bUnderLoad === undefined ? {} : { isUnderLoad: options.bUnderLoad }),
  });
  const peerB = a.addPeer({
    publicKey: b.publicKey,
    ...(options.presharedKey === undefined ? {} : { presharedKey: options.presharedKey }),
    ...(options.persistentKeepaliveSecOnA === undefined
      ? {}
      : { persistentKeepaliveSec: options.persistentKeepaliveSecOnA }),
  });
  const pskOnB = options.presharedKeyOnB ?? options.presharedKey;
  const peerA = b.addPeer({
    publicKey: a.publicKey,
    ...(pskOnB === undefined ? {} : { presharedKey: pskOnB }),
  });
  return { clock, a, b, peerB, peerA };
}

/** Delivers a copy (the receiver decrypts in place, as it would a socket buffer), as if from source. */
export function deliver(
  to: WireGuardDevice,
  datagram: Uint8Array,
  nowMs: number,
  source: Endpoint = endpointA,
): ReceiveResult {
  return to.receive(datagram.slice(), nowMs, source);
}

/** Takes the single initiation the device's tick emits at nowMs. */
export function takeInitiation(device: WireGuardDevice, nowMs: number): Uint8Array {
  const sent = device.tick(nowMs).filter((d) => d.purpose === "initiation");
  if (sent.length !== 1) throw new Error(`expected one initiation from tick, got ${sent.length}`);
  return sent[0]!.datagram;
}

/** Full handshake initiated by A at nowMs, keepalive delivered: both sides then have a session. */
export function completeHandshake(pair: DevicePair, nowMs: number): void {
  const { a, b, peerB } = pair;
  pair.clock.currentMs = nowMs;
  a.encrypt(peerB, new Uint8Array(0), nowMs);
  const response = deliver(b, takeInitiation(a, nowMs), nowMs);
  if (response.kind !== "reply") throw new Error(`expected a response, got ${JSON.stringify(response)}`);
  const complete = deliver(a, response.datagram, nowMs);
  if (complete.kind !== "handshake-complete") throw new Error(`expected completion, got ${complete.kind}`);
  const confirmed = deliver(b, complete.keepalive, nowMs);
  if (confirmed.kind !== "transport") throw new Error(`expected keepalive, got ${confirmed.kind}`);
}

/** The datagram of a successful encrypt; throws otherwise. */
export function sealed(
  device: WireGuardDevice,
  peer: PeerHandle,
  plaintext: Uint8Array,
  nowMs: number,
): Uint8Array {
  const result = device.encrypt(peer, plaintext, nowMs);
  if (result.kind !== "datagram") throw new Error("no session");
  return result.datagram;
}
