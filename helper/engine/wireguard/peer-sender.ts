// What a peer sends and when: transport sealing with rekey checks, keepalives, paced initiations, timer actions.

import type { Aead } from "../crypto/aead";
import { rejectAfterMessages, rekeyAfterMessages, rekeyAfterTimeMs, rekeyTimeoutMs } from "./constants";
import type { TimerDatagram } from "./device-api";
import type { DropReason } from "./drop-reasons";
import type { HandshakeProcessor } from "./handshake-processor";
import type { Keypair } from "./keypair";
import type { Peer } from "./peer";
import {
  timerNewHandshake,
  timerPersistentKeepalive,
  timerRetransmitHandshake,
  timerSendKeepalive,
  timerZeroKeyMaterial,
} from "./peer-timers";
import { sealTransport } from "./transport-crypto";

const emptyPlaintext = new Uint8Array(0);

/**
 * Follows wireguard-go's send.go and timers.go. Initiations created outside tick() (on encrypt or receive) wait
 * in a queue that the next tick() hands out, so every handshake datagram leaves through one place.
 */
export class PeerSender {
  private readonly queued: Peer[] = [];
  private firstQueuedAtMs = Number.POSITIVE_INFINITY;

  constructor(
    private readonly aead: Aead,
    private readonly handshakes: HandshakeProcessor,
    private readonly mtuBytes: number,
    private readonly countDrop: (reason: DropReason, peer: Peer) => void,
  ) {}

  /** The keypair to send with, if any: current, not expired, counter not exhausted. */
  sendKeypair(peer: Peer, nowMs: number): Keypair | undefined {
    const keypair = peer.keypairs.current;
    if (keypair === undefined || keypair.sendCounter >= rejectAfterMessages || keypair.isExpired(nowMs)) {
      return undefined;
    }
    return keypair;
  }

  /** Seals one transport message and applies the send-side timer rules and keepKeyFreshSending. */
  seal(peer: Peer, keypair: Keypair, plaintext: Uint8Array, nowMs: number): Uint8Array {
    const datagram = sealTransport(this.aead, keypair, plaintext, this.mtuBytes);
    peer.stats.txBytes += datagram.length;
    peer.timers.anyAuthenticatedPacketTraversal(nowMs);
    peer.timers.anyAuthenticatedPacketSent();
    if (plaintext.length > 0) peer.timers.dataSent(nowMs);
    // The initiator rekeys after REKEY_AFTER_TIME; either side after REKEY_AFTER_MESSAGES.
    if (
      keypair.sendCounter > rekeyAfterMessages ||
      (keypair.isInitiator && nowMs - keypair.createdAtMs > rekeyAfterTimeMs)
    ) {
      this.sendInitiation(peer, nowMs, false);
    }
    return datagram;
  }

  /** wireguard-go SendHandshakeInitiation: at most one per REKEY_TIMEOUT, queued for the next tick(). */
  sendInitiation(peer: Peer, nowMs: number, isRetry: boolean): void {
    if (!isRetry) peer.timers.handshakeAttempts = 0;
    if (nowMs - peer.lastSentHandshakeAtMs < rekeyTimeoutMs) return;
    peer.lastSentHandshakeAtMs = nowMs;
    const result = this.handshakes.createInitiation(peer, nowMs);
    if (!result.ok) {
      this.countDrop(result.reason, peer);
      return;
    }
    peer.timers.anyAuthenticatedPacketTraversal(nowMs);
    peer.timers.anyAuthenticatedPacketSent();
    peer.timers.handshakeInitiated(nowMs);
    peer.stats.txBytes += result.datagram.length;
    if (peer.queuedInitiation === undefined) this.queued.push(peer);
    peer.queuedInitiation = result.datagram;
    this.firstQueuedAtMs = Math.min(this.firstQueuedAtMs, nowMs);
  }

  /** Runs the peer's due timers (and keypair expiry), appending what they send to out. */
  runTimers(peer: Peer, nowMs: number, out: TimerDatagram[]): void {
    peer.keypairs.expire(nowMs);
    const fired = peer.timers.takeExpired(nowMs);
    if (fired === 0) return;
    if ((fired & timerRetransmitHandshake) !== 0) {
      if (peer.timers.retryHandshake()) this.sendInitiation(peer, nowMs, true);
      else peer.timers.gaveUpHandshake(nowMs);
    }
    if ((fired & timerSendKeepalive) !== 0) {
      this.sendKeepalive(peer, nowMs, out);
      peer.timers.keepaliveSent(nowMs);
    }
    if ((fired & timerNewHandshake) !== 0) this.sendInitiation(peer, nowMs, false);
    if ((fired & timerZeroKeyMaterial) !== 0) this.eraseSessions(peer);
    if ((fired & timerPersistentKeepalive) !== 0 && peer.timers.persistentKeepaliveMs > 0) {
      this.sendKeepalive(peer, nowMs, out);
    }
  }

  /** Moves queued initiations of peers still configured (isLive) to out. */
  takeQueued(out: TimerDatagram[], isLive: (peer: Peer) => boolean): void {
    for (const peer of this.queued) {
      const datagram = peer.queuedInitiation;
      peer.queuedInitiation = undefined;
      if (datagram !== undefined && isLive(peer)) out.push({ peer, purpose: "initiation", datagram });
    }
    this.queued.length = 0;
    this.firstQueuedAtMs = Number.POSITIVE_INFINITY;
  }

  /** Infinity when nothing is queued. */
  get queuedSinceMs(): number {
    return this.firstQueuedAtMs;
  }

  /** Zeroes every key and handshake secret of the peer (zero-key-material timer, peer removal). */
  eraseSessions(peer: Peer): void {
    peer.keypairs.clear();
    this.handshakes.discardPending(peer);
  }

  /** An empty transport message on keypair (which the caller checked is usable). */
  sealKeepalive(peer: Peer, keypair: Keypair, nowMs: number): Uint8Array {
    return this.seal(peer, keypair, emptyPlaintext, nowMs);
  }

  /** wireguard-go SendKeepalive: an empty transport message, or a handshake when there is no session. */
  private sendKeepalive(peer: Peer, nowMs: number, out: TimerDatagram[]): void {
    const keypair = this.sendKeypair(peer, nowMs);
    if (keypair === undefined) {
      this.sendInitiation(peer, nowMs, false);
      return;
    }
    out.push({ peer, purpose: "keepalive", datagram: this.sealKeepalive(peer, keypair, nowMs) });
  }
}
