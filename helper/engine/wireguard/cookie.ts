// mac1/mac2 and cookie replies (whitepaper 5.4.4, 5.4.7; wireguard-go cookie.go): WireGuard's DoS mitigation.

import { blake2sHash, blake2sMac } from "../crypto/blake2s";
import { constantTimeEqual } from "../crypto/constant-time";
import type { XChaChaAead } from "../crypto/xchacha-aead";
import type { RandomSource } from "../ports";
import { cookieRefreshTimeMs, labelCookie, labelMac1 } from "./constants";
import {
  type CookieReplyView,
  mac1Offset,
  mac2Offset,
  macBytes,
  newCookieReply,
  readLe32,
} from "./message-codec";

const ascii = (text: string) => new TextEncoder().encode(text);
const mac1Label = ascii(labelMac1);
const cookieLabel = ascii(labelCookie);
const cookieBytes = 16;
const scratchMac = new Uint8Array(macBytes);

/** Keys derived from the public key of whoever checks the macs (the receiver of the message). */
function mac1Key(receiverPublicKey: Uint8Array): Uint8Array {
  return blake2sHash(mac1Label, receiverPublicKey);
}

function cookieEncryptionKey(receiverPublicKey: Uint8Array): Uint8Array {
  return blake2sHash(cookieLabel, receiverPublicKey);
}

/** The receiving side (one per device): checks mac1 always, mac2 under load, and issues cookie replies. */
export class CookieChecker {
  private readonly mac1Key: Uint8Array;
  private readonly encryptionKey: Uint8Array;
  private readonly secret = new Uint8Array(32);
  private secretSetAtMs: number | undefined;

  constructor(
    localPublicKey: Uint8Array,
    private readonly xaead: XChaChaAead,
    private readonly random: RandomSource,
  ) {
    this.mac1Key = mac1Key(localPublicKey);
    this.encryptionKey = cookieEncryptionKey(localPublicKey);
  }

  checkMac1(message: Uint8Array): boolean {
    const macStart = mac1Offset(message);
    blake2sMac(this.mac1Key, message.subarray(0, macStart), macBytes, scratchMac);
    return constantTimeEqual(scratchMac, message.subarray(macStart, macStart + macBytes));
  }

  /** mac2 proves the sender holds a cookie we issued to its address within the last two minutes. */
  checkMac2(message: Uint8Array, source: Uint8Array, nowMs: number): boolean {
    if (!this.secretIsFresh(nowMs)) return false;
    const cookie = blake2sMac(this.secret, source, cookieBytes);
    const macStart = mac2Offset(message);
    blake2sMac(cookie, message.subarray(0, macStart), macBytes, scratchMac);
    return constantTimeEqual(scratchMac, message.subarray(macStart));
  }

  /** A 64-byte reply carrying the cookie for source, encrypted to the sender and bound to its mac1. */
  createReply(message: Uint8Array, source: Uint8Array, nowMs: number): Uint8Array {
    if (!this.secretIsFresh(nowMs)) {
      this.random.fill(this.secret);
      this.secretSetAtMs = nowMs;
    }
    const cookie = blake2sMac(this.secret, source, cookieBytes);
    const reply = newCookieReply(readLe32(message, 4));
    this.random.fill(reply.nonce);
    const macStart = mac1Offset(message);
    this.xaead.seal(
      reply.encryptedCookie,
      this.encryptionKey,
      reply.nonce,
      cookie,
      message.subarray(macStart, macStart + macBytes),
    );
    return reply.bytes;
  }

  private secretIsFresh(nowMs: number): boolean {
    return this.secretSetAtMs !== undefined && nowMs - this.secretSetAtMs <= cookieRefreshTimeMs;
  }
}

/** The sending side (one per peer): writes mac1, and mac2 while it holds a cookie from that peer. */
export class CookieGenerator {
  private readonly mac1Key: Uint8Array;
  private readonly encryptionKey: Uint8Array;
  private readonly cookie = new Uint8Array(cookieBytes);
  private cookieSetAtMs: number | undefined;
  private readonly lastMac1 = new Uint8Array(macBytes);
  private hasLastMac1 = false;

  constructor(
    remotePublicKey: Uint8Array,
    private readonly xaead: XChaChaAead,
  ) {
    this.mac1Key = mac1Key(remotePublicKey);
    this.encryptionKey = cookieEncryptionKey(remotePublicKey);
  }

  /** Fills the last 32 bytes of an initiation or response. */
  addMacs(message: Uint8Array, nowMs: number): void {
    const mac1Start = mac1Offset(message);
    const mac2Start = mac2Offset(message);
    const mac1 = message.subarray(mac1Start, mac2Start);
    blake2sMac(this.mac1Key, message.subarray(0, mac1Start), macBytes, mac1);
    this.lastMac1.set(mac1);
    this.hasLastMac1 = true;
    const mac2 = message.subarray(mac2Start);
    if (this.cookieSetAtMs === undefined || nowMs - this.cookieSetAtMs > cookieRefreshTimeMs) {
      mac2.fill(0);
      return;
    }
    blake2sMac(this.cookie, message.subarray(0, mac2Start), macBytes, mac2);
  }

  /** Stores the cookie if the reply answers our last message; false for anything else. */
  consumeReply(reply: CookieReplyView, nowMs: number): boolean {
    if (!this.hasLastMac1) return false;
    const cookie = new Uint8Array(cookieBytes);
    if (!this.xaead.open(cookie, this.encryptionKey, reply.nonce, reply.encryptedCookie, this.lastMac1)) {
      return false;
    }
    this.cookie.set(cookie);
    this.cookieSetAtMs = nowMs;
    return true;
  }

  /** True while a received cookie is young enough to be used for mac2. */
  hasFreshCookie(nowMs: number): boolean {
    return this.cookieSetAtMs !== undefined && nowMs - this.cookieSetAtMs <= cookieRefreshTimeMs;
  }
}
