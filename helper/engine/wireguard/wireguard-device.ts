// The WireGuard layer of one Braid end: peers, handshakes, transport encryption and timers, with no I/O of its own.

import type { Aead } from "../crypto/aead";
import { createDefaultAead } from "../crypto/aead-backends";
import { publicKey, sharedSecret, x25519KeyBytes } from "../crypto/x25519";
import { createDefaultXChaChaAead, type XChaChaAead } from "../crypto/xchacha-aead";
import type { Endpoint } from "../ports";
import { maxPeers, rekeyOnReceiveAfterMs, rekeyTimeoutJitterMaxMs } from "./constants";
import { CookieChecker } from "./cookie";
import type {
  AddPeerOptions,
  EncryptResult,
  ReceiveResult,
  TimerDatagram,
  WireGuardDeviceOptions,
} from "./device-api";
import { type DropCounts, type DropReason, dropReasons, newDropCounts } from "./drop-reasons";
import { HandshakeProcessor } from "./handshake-processor";
import { IndexTable } from "./index-table";
import type { Keypair } from "./keypair";
import {
  cookieReplyBytes,
  initiationBytes,
  messageTypeCookieReply,
  messageTypeInitiation,
  messageTypeResponse,
  messageTypeTransport,
  readMessageType,
  readTransportCounter,
  readTransportReceiver,
  responseBytes,
  transportMinBytes,
  viewCookieReply,
} from "./message-codec";
import { Peer, type PeerHandle } from "./peer";
import { PeerSender } from "./peer-sender";
import { openTransport, transportPlaintext } from "./transport-crypto";

export type * from "./device-api";

// Preallocated so dropping a flood of garbage allocates nothing.
const droppedResults = Object.fromEntries(
  dropReasons.map((reason) => [reason, Object.freeze({ kind: "dropped", reason })]),
) as Record<DropReason, ReceiveResult>;
const noSession: EncryptResult = Object.freeze({ kind: "no-session" });
const sourceEncoder = new TextEncoder();

/**
 * wireguard-go's Device without its goroutines: the caller feeds datagrams and plaintexts, calls tick() when
 * nextDeadlineMs() comes, and decides which path(s) carry each datagram. One session per peer whatever the
 * number of paths; a datagram sent on several paths is the same ciphertext.
 */
export class WireGuardDevice {
  readonly publicKey: Uint8Array;
  /** Every drop, by reason (attributable ones are also counted on the peer). */
  readonly drops: DropCounts = newDropCounts();
  private readonly peersByKeyHex = new Map<string, Peer>();
  private readonly indexTable: IndexTable<Peer>;
  private readonly handshakes: HandshakeProcessor;
  private readonly sender: PeerSender;
  private readonly cookieChecker: CookieChecker;
  private readonly aead: Aead;
  private readonly xaead: XChaChaAead;
  private readonly jitterScratch = new Uint8Array(2);
  private readonly jitterMs = () => {
    this.options.random.fill(this.jitterScratch);
    return (this.jitterScratch[0]! | (this.jitterScratch[1]! << 8)) % rekeyTimeoutJitterMaxMs;
  };
  private readonly isLive = (peer: Peer) => this.peersByKeyHex.get(peer.keyHex) === peer;

  constructor(private readonly options: WireGuardDeviceOptions) {
    if (options.privateKey.length !== x25519KeyBytes) {
      throw new RangeError(`WireGuard private key must be 32 bytes, got ${options.privateKey.length}`);
    }
    this.publicKey = publicKey(options.privateKey);
    this.aead = options.aead ?? createDefaultAead();
    this.xaead = options.xchachaAead ?? createDefaultXChaChaAead();
    // At most one handshake and three keypairs per peer hold an index.
    this.indexTable = new IndexTable(options.random, maxPeers * 4);
    this.cookieChecker = new CookieChecker(this.publicKey, this.xaead, options.random);
    this.handshakes = new HandshakeProcessor(
      this.aead,
      { privateKey: options.privateKey, publicKey: this.publicKey },
      this.indexTable,
      options.random,
      options.wallClock,
      this.peersByKeyHex,
    );
    this.sender = new PeerSender(this.aead, this.handshakes, options.mtuBytes ?? 0, (reason, peer) =>
      this.drop(reason, peer),
    );
  }

  /** Throws on configuration errors (bad key sizes, duplicate peer, too many peers), never on traffic. */
  addPeer(config: AddPeerOptions): PeerHandle {
    const { publicKey: peerKey, presharedKey = new Uint8Array(32), persistentKeepaliveSec = 0 } = config;
    if (peerKey.length !== x25519KeyBytes) throw new RangeError("peer public key must be 32 bytes");
    if (presharedKey.length !== 32) throw new RangeError("preshared key must be 32 bytes");
    const keyHex = Buffer.from(peerKey).toString("hex");
    if (this.peersByKeyHex.has(keyHex)) throw new Error(`peer ${keyHex.slice(0, 8)}… is already configured`);
    if (this.peersByKeyHex.size >= maxPeers) throw new Error(`at most ${maxPeers} peers`);
    const peer = new Peer(
      peerKey.slice(),
      keyHex,
      presharedKey.slice(),
      sharedSecret(this.options.privateKey, peerKey),
      this.xaead,
      (keypair) => this.discardKeypair(keypair),
      this.jitterMs,
      persistentKeepaliveSec * 1000,
    );
    this.peersByKeyHex.set(keyHex, peer);
    peer.timers.startPersistentKeepalive(this.options.clock.nowMs());
    return peer;
  }

  /** Erases the peer's keys; its handle and indices stop working at once. */
  removePeer(handle: PeerHandle): void {
    const peer = this.resolve(handle);
    if (peer === undefined) return;
    this.sender.eraseSessions(peer);
    peer.timers.stopAll();
    peer.staticStatic?.fill(0);
    this.peersByKeyHex.delete(peer.keyHex);
  }

  /** True when encrypt() would produce a datagram now. */
  hasSession(handle: PeerHandle, nowMs: number): boolean {
    const peer = this.resolve(handle);
    return peer !== undefined && this.sender.sendKeypair(peer, nowMs) !== undefined;
  }

  /**
   * Never throws: anything malformed, unauthenticated, replayed or unknown is dropped and counted. source (where
   * the datagram came from) binds cookies to an address under load; transport datagrams are decrypted in place.
   */
  receive(datagram: Uint8Array, nowMs: number, source?: Endpoint): ReceiveResult {
    const type = readMessageType(datagram);
    if (type === messageTypeTransport && datagram.length >= transportMinBytes) {
      return this.receiveTransport(datagram, nowMs);
    }
    if (
      (type === messageTypeInitiation && datagram.length === initiationBytes) ||
      (type === messageTypeResponse && datagram.length === responseBytes)
    ) {
      return this.receiveHandshake(datagram, nowMs, source);
    }
    if (type === messageTypeCookieReply && datagram.length === cookieReplyBytes) {
      return this.receiveCookieReply(datagram, nowMs);
    }
    return this.drop("malformed", undefined);
  }

  /** Encrypts one plaintext (an IP packet or Braid frame; empty = keepalive) for the peer. */
  encrypt(handle: PeerHandle, plaintext: Uint8Array, nowMs: number): EncryptResult {
    const peer = this.resolve(handle);
    if (peer === undefined) return noSession;
    const keypair = this.sender.sendKeypair(peer, nowMs);
    if (keypair === undefined) {
      this.sender.sendInitiation(peer, nowMs, false);
      return noSession;
    }
    const datagram = this.sender.seal(peer, keypair, plaintext, nowMs);
    return { kind: "datagram", datagram, counter: keypair.sendCounter - 1 };
  }

  /** Runs due timers; returns what they want sent (on whichever of the peer's paths the caller picks). */
  tick(nowMs: number): TimerDatagram[] {
    const out: TimerDatagram[] = [];
    for (const peer of this.peersByKeyHex.values()) this.sender.runTimers(peer, nowMs, out);
    this.sender.takeQueued(out, this.isLive);
    return out;
  }

  /** When tick() next has work (at or before now: it has some already); Infinity when idle. */
  nextDeadlineMs(): number {
    let earliest = this.sender.queuedSinceMs;
    for (const peer of this.peersByKeyHex.values()) {
      earliest = Math.min(earliest, peer.timers.nextDeadlineMs(), peer.keypairs.earliestExpiryMs());
    }
    return earliest;
  }

  private receiveTransport(datagram: Uint8Array, nowMs: number): ReceiveResult {
    const entry = this.indexTable.get(readTransportReceiver(datagram));
    if (entry?.kind !== "keypair") return this.drop("unknown-index", undefined);
    const { peer, keypair } = entry;
    const counter = openTransport(this.aead, keypair, datagram, nowMs);
    if (counter === "replay") {
      // Authenticated, only already seen: Braid sends the same ciphertext on several paths, and the copy's
      // arrival still proves its path works. Counted as a drop all the same; its plaintext is never handed out.
      this.drop(counter, peer);
      const replayedCounter = readTransportCounter(datagram);
      return { kind: "duplicate", peer, sendOrder: keypair.epoch * 2 ** 32 + replayedCounter };
    }
    if (typeof counter === "string") return this.drop(counter, peer);

    if (peer.keypairs.confirm(keypair)) peer.handshakeCompleted(nowMs, this.options.wallClock.unixNowMs());
    this.keepKeyFreshReceiving(peer, nowMs);
    peer.timers.anyAuthenticatedPacketTraversal(nowMs);
    peer.timers.anyAuthenticatedPacketReceived();
    peer.stats.rxBytes += datagram.length;
    const plaintext = transportPlaintext(datagram);
    if (plaintext.length > 0) peer.timers.dataReceived(nowMs);
    return { kind: "transport", peer, plaintext, counter, sendOrder: keypair.epoch * 2 ** 32 + counter };
  }

  /** An initiator whose keypair nears REJECT_AFTER_TIME asks once for a new one (wireguard-go). */
  private keepKeyFreshReceiving(peer: Peer, nowMs: number): void {
    const current = peer.keypairs.current;
    if (peer.timers.sentLastMinuteHandshake || current?.isInitiator !== true) return;
    if (nowMs - current.createdAtMs <= rekeyOnReceiveAfterMs) return;
    peer.timers.sentLastMinuteHandshake = true;
    this.sender.sendInitiation(peer, nowMs, false);
  }

  private receiveHandshake(datagram: Uint8Array, nowMs: number, source: Endpoint | undefined): ReceiveResult {
    if (!this.cookieChecker.checkMac1(datagram)) return this.drop("bad-mac1", undefined);
    if (this.options.isUnderLoad?.() === true) {
      const sourceBytes = sourceEncoder.encode(
        source === undefined ? "" : `${source.address}|${source.port}`,
      );
      if (!this.cookieChecker.checkMac2(datagram, sourceBytes, nowMs)) {
        const reply = this.cookieChecker.createReply(datagram, sourceBytes, nowMs);
        return { kind: "reply", datagram: reply, peer: undefined };
      }
    }
    return datagram[0] === messageTypeInitiation
      ? this.receiveInitiation(datagram, nowMs)
      : this.receiveResponse(datagram, nowMs);
  }

  private receiveInitiation(datagram: Uint8Array, nowMs: number): ReceiveResult {
    const result = this.handshakes.consumeInitiation(datagram, nowMs);
    if (!result.ok) return this.drop(result.reason, result.peer);
    const { peer, response } = result;
    peer.timers.anyAuthenticatedPacketTraversal(nowMs);
    peer.timers.anyAuthenticatedPacketReceived();
    peer.stats.rxBytes += datagram.length;
    // Sending a response also holds back our own initiations for REKEY_TIMEOUT (wireguard-go).
    peer.lastSentHandshakeAtMs = nowMs;
    peer.timers.sessionDerived(nowMs);
    peer.timers.anyAuthenticatedPacketSent();
    peer.stats.txBytes += response.length;
    return { kind: "reply", datagram: response, peer };
  }

  private receiveResponse(datagram: Uint8Array, nowMs: number): ReceiveResult {
    const result = this.handshakes.consumeResponse(datagram, nowMs);
    if (!result.ok) return this.drop(result.reason, result.peer);
    const { peer, keypair } = result;
    peer.stats.rxBytes += datagram.length;
    peer.timers.anyAuthenticatedPacketTraversal(nowMs);
    peer.timers.anyAuthenticatedPacketReceived();
    peer.timers.sessionDerived(nowMs);
    peer.handshakeCompleted(nowMs, this.options.wallClock.unixNowMs());
    const keepalive = this.sender.sealKeepalive(peer, keypair, nowMs);
    return { kind: "handshake-complete", peer, keepalive };
  }

  private receiveCookieReply(datagram: Uint8Array, nowMs: number): ReceiveResult {
    const reply = viewCookieReply(datagram);
    const entry = this.indexTable.get(reply.receiverIndex);
    if (entry === undefined) return this.drop("unknown-index", undefined);
    if (!entry.peer.cookies.consumeReply(reply, nowMs)) return this.drop("bad-cookie-reply", entry.peer);
    return { kind: "cookie", peer: entry.peer };
  }

  private discardKeypair(keypair: Keypair): void {
    this.indexTable.delete(keypair.localIndex);
    keypair.zero();
  }

  private resolve(handle: PeerHandle): Peer | undefined {
    return handle instanceof Peer && this.isLive(handle) ? handle : undefined;
  }

  private drop(reason: DropReason, peer: Peer | undefined): ReceiveResult {
    this.drops[reason]++;
    if (peer !== undefined) peer.stats.drops[reason]++;
    return droppedResults[reason];
  }
}
