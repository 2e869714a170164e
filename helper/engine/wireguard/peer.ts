// One configured WireGuard peer: its handshake state, keypairs, timers, cookie and statistics.

import { tai64nBytes } from "../crypto/tai64n";
import type { XChaChaAead } from "../crypto/xchacha-aead";
import { CookieGenerator } from "./cookie";
import { type DropCounts, newDropCounts } from "./drop-reasons";
import { InitiationRateLimit } from "./initiation-rate-limit";
import { type Keypair, KeypairSet } from "./keypair";
import type { PendingInitiation } from "./noise-handshake";
import { PeerTimers } from "./peer-timers";

export interface PeerStats {
  /** Completed handshakes: response received (initiator) or first transport message received (responder). */
  handshakesCompleted: number;
  /** Monotonic time of the last completed handshake. */
  lastHandshakeAtMs: number | undefined;
  /** Wall-clock time of the same, for display ("latest handshake: 1 minute ago"). */
  lastHandshakeUnixMs: number | undefined;
  /** Whole datagrams, authenticated ones only on receive. */
  rxBytes: number;
  txBytes: number;
  /** Drops that could be attributed to this peer. */
  readonly drops: DropCounts;
}

/** What callers hold for a peer; the device resolves it to its own state and ignores handles it no longer has. */
export interface PeerHandle {
  readonly publicKey: Uint8Array;
  readonly stats: Readonly<PeerStats>;
}

export class Peer implements PeerHandle {
  readonly stats: PeerStats = {
    handshakesCompleted: 0,
    lastHandshakeAtMs: undefined,
    lastHandshakeUnixMs: undefined,
    rxBytes: 0,
    txBytes: 0,
    drops: newDropCounts(),
  };
  readonly keypairs: KeypairSet;
  readonly timers: PeerTimers;
  readonly cookies: CookieGenerator;
  readonly initiationLimit = new InitiationRateLimit();
  /** Our initiation awaiting its response. */
  pending: PendingInitiation | undefined;
  /** Newest TAI64N accepted from this peer; initiations must be strictly newer. */
  readonly lastTimestamp = new Uint8Array(tai64nBytes);
  lastSentHandshakeAtMs = Number.NEGATIVE_INFINITY;
  /** An initiation created outside tick(), handed out by the next tick(). */
  queuedInitiation: Uint8Array | undefined;

  constructor(
    readonly publicKey: Uint8Array,
    /** Map key: the public key in hex. */
    readonly keyHex: string,
    readonly presharedKey: Uint8Array,
    /** DH(our static, its static); undefined when its public key is invalid (all-zero result): no handshakes. */
    readonly staticStatic: Uint8Array | undefined,
    xaead: XChaChaAead,
    discardKeypair: (keypair: Keypair) => void,
    jitterMs: () => number,
    persistentKeepaliveMs: number,
  ) {
    this.cookies = new CookieGenerator(publicKey, xaead);
    this.keypairs = new KeypairSet(discardKeypair);
    this.timers = new PeerTimers(jitterMs, persistentKeepaliveMs);
  }

  /** The initiator got its response, or the responder its first transport message on the new keypair. */
  handshakeCompleted(nowMs: number, unixMs: number): void {
    this.timers.handshakeComplete();
    this.stats.handshakesCompleted++;
    this.stats.lastHandshakeAtMs = nowMs;
    this.stats.lastHandshakeUnixMs = unixMs;
  }
}
