// Noise_IKpsk2 message crypto of WireGuard (whitepaper 5.4.2-5.4.5, wireguard-go noise-protocol.go): pure functions.

import type { Aead } from "../crypto/aead";
import { blake2sHash } from "../crypto/blake2s";
import { kdf1, kdf2, kdf3 } from "../crypto/hkdf-blake2s";
import { tai64nBytes } from "../crypto/tai64n";
import { publicKey, sharedSecret } from "../crypto/x25519";
import { noiseConstruction, wireguardIdentifier } from "./constants";
import { type InitiationView, newInitiation, newResponse, type ResponseView } from "./message-codec";

const ascii = (text: string) => new TextEncoder().encode(text);
const initialChainKey = blake2sHash(ascii(noiseConstruction));
const initialHash = blake2sHash(initialChainKey, ascii(wireguardIdentifier));
const empty = new Uint8Array(0);

export interface LocalIdentity {
  readonly privateKey: Uint8Array;
  readonly publicKey: Uint8Array;
}

/** What an initiator keeps between sending its initiation and receiving the response. */
export interface PendingInitiation {
  readonly localIndex: number;
  readonly hash: Uint8Array;
  readonly chainKey: Uint8Array;
  readonly ephemeralPrivate: Uint8Array;
}

export interface SessionKeys {
  readonly sendKey: Uint8Array;
  readonly receiveKey: Uint8Array;
}

export interface ConsumedInitiation {
  readonly remoteIndex: number;
  readonly remoteStatic: Uint8Array;
  readonly remoteEphemeral: Uint8Array;
  readonly timestamp: Uint8Array;
  readonly hash: Uint8Array;
  readonly chainKey: Uint8Array;
}

export type ConsumeInitiationResult<P> =
  | { readonly ok: true; readonly peer: P; readonly initiation: ConsumedInitiation }
  | { readonly ok: false; readonly reason: "handshake-failed" | "unknown-peer" };

/** The peer a static key belongs to and DH(our static, its static), precomputed once per peer. */
export type PeerLookup<P> = (
  remoteStatic: Uint8Array,
) => { readonly peer: P; readonly staticStatic: Uint8Array } | undefined;

/**
 * Builds the initiation body (macs left zero). undefined when a DH result is all zeros (a bad peer key).
 * staticStatic is DH(our static, peer static); timestamp is the TAI64N to send.
 */
export function createInitiation(
  aead: Aead,
  local: LocalIdentity,
  remoteStatic: Uint8Array,
  staticStatic: Uint8Array,
  ephemeralPrivate: Uint8Array,
  timestamp: Uint8Array,
  localIndex: number,
): { message: InitiationView; pending: PendingInitiation } | undefined {
  const message = newInitiation(localIndex);
  let hash = mixHash(initialHash, remoteStatic);
  message.ephemeral.set(publicKey(ephemeralPrivate));
  let chainKey = kdf1(initialChainKey, message.ephemeral);
  hash = mixHash(hash, message.ephemeral);

  const ephemeralStatic = sharedSecret(ephemeralPrivate, remoteStatic);
  if (ephemeralStatic === undefined) return undefined;
  let key: Uint8Array;
  [chainKey, key] = kdf2(chainKey, ephemeralStatic);
  aead.seal(message.encryptedStatic, key, 0, local.publicKey, hash);
  hash = mixHash(hash, message.encryptedStatic);

  [chainKey, key] = kdf2(chainKey, staticStatic);
  aead.seal(message.encryptedTimestamp, key, 0, timestamp, hash);
  hash = mixHash(hash, message.encryptedTimestamp);
  key.fill(0);
  ephemeralStatic.fill(0);
  return { message, pending: { localIndex, hash, chainKey, ephemeralPrivate } };
}

/** Authenticates an initiation (macs already checked) and identifies its sender among our peers. */
export function consumeInitiation<P>(
  aead: Aead,
  local: LocalIdentity,
  message: InitiationView,
  lookup: PeerLookup<P>,
): ConsumeInitiationResult<P> {
  let hash = mixHash(initialHash, local.publicKey);
  hash = mixHash(hash, message.ephemeral);
  let chainKey = kdf1(initialChainKey, message.ephemeral);

  const ephemeralStatic = sharedSecret(local.privateKey, message.ephemeral);
  if (ephemeralStatic === undefined) return { ok: false, reason: "handshake-failed" };
  let key: Uint8Array;
  [chainKey, key] = kdf2(chainKey, ephemeralStatic);
  ephemeralStatic.fill(0);
  const remoteStatic = new Uint8Array(32);
  if (!aead.open(remoteStatic, key, 0, message.encryptedStatic, hash))
    return { ok: false, reason: "handshake-failed" };
  hash = mixHash(hash, message.encryptedStatic);

  const found = lookup(remoteStatic);
  if (found === undefined) return { ok: false, reason: "unknown-peer" };
  [chainKey, key] = kdf2(chainKey, found.staticStatic);
  const timestamp = new Uint8Array(tai64nBytes);
  const opened = aead.open(timestamp, key, 0, message.encryptedTimestamp, hash);
  key.fill(0);
  if (!opened) return { ok: false, reason: "handshake-failed" };
  hash = mixHash(hash, message.encryptedTimestamp);
  return {
    ok: true,
    peer: found.peer,
    initiation: {
      remoteIndex: message.senderIndex,
      remoteStatic,
      remoteEphemeral: message.ephemeral.slice(),
      timestamp,
      hash,
      chainKey,
    },
  };
}

/** Builds the response to a consumed initiation (macs left zero) and derives the responder's session keys. */
export function createResponse(
  aead: Aead,
  initiation: ConsumedInitiation,
  presharedKey: Uint8Array,
  ephemeralPrivate: Uint8Array,
  localIndex: number,
): { message: ResponseView; keys: SessionKeys } | undefined {
  const message = newResponse(localIndex, initiation.remoteIndex);
  message.ephemeral.set(publicKey(ephemeralPrivate));
  let hash = mixHash(initiation.hash, message.ephemeral);
  let chainKey = kdf1(initiation.chainKey, message.ephemeral);

  const ephemeralEphemeral = sharedSecret(ephemeralPrivate, initiation.remoteEphemeral);
  const ephemeralStatic = sharedSecret(ephemeralPrivate, initiation.remoteStatic);
  ephemeralPrivate.fill(0);
  if (ephemeralEphemeral === undefined || ephemeralStatic === undefined) return undefined;
  chainKey = kdf1(chainKey, ephemeralEphemeral);
  chainKey = kdf1(chainKey, ephemeralStatic);
  ephemeralEphemeral.fill(0);
  ephemeralStatic.fill(0);

  const [nextChainKey, tau, key] = kdf3(chainKey, presharedKey);
  hash = mixHash(hash, tau);
  aead.seal(message.encryptedNothing, key, 0, empty, hash);
  key.fill(0);
  tau.fill(0);
  const [receiveKey, sendKey] = kdf2(nextChainKey, empty);
  nextChainKey.fill(0);
  initiation.chainKey.fill(0);
  return { message, keys: { sendKey, receiveKey } };
}

/** Authenticates the response to our pending initiation and derives the initiator's session keys. */
export function consumeResponse(
  aead: Aead,
  local: LocalIdentity,
  pending: PendingInitiation,
  message: ResponseView,
  presharedKey: Uint8Array,
): SessionKeys | undefined {
  let hash = mixHash(pending.hash, message.ephemeral);
  let chainKey = kdf1(pending.chainKey, message.ephemeral);
  const ephemeralEphemeral = sharedSecret(pending.ephemeralPrivate, message.ephemeral);
  const staticEphemeral = sharedSecret(local.privateKey, message.ephemeral);
  if (ephemeralEphemeral === undefined || staticEphemeral === undefined) return undefined;
  chainKey = kdf1(chainKey, ephemeralEphemeral);
  chainKey = kdf1(chainKey, staticEphemeral);
  ephemeralEphemeral.fill(0);
  staticEphemeral.fill(0);

  const [nextChainKey, tau, key] = kdf3(chainKey, presharedKey);
  hash = mixHash(hash, tau);
  const opened = aead.open(empty, key, 0, message.encryptedNothing, hash);
  key.fill(0);
  tau.fill(0);
  if (!opened) {
    nextChainKey.fill(0);
    return undefined;
  }
  const [sendKey, receiveKey] = kdf2(nextChainKey, empty);
  nextChainKey.fill(0);
  return { sendKey, receiveKey };
}

/** Erases a pending initiation's secrets (a new one replaced it, it was answered, or the peer went away). */
export function zeroPendingInitiation(pending: PendingInitiation): void {
  pending.chainKey.fill(0);
  pending.ephemeralPrivate.fill(0);
  pending.hash.fill(0);
}

function mixHash(hash: Uint8Array, data: Uint8Array): Uint8Array {
  return blake2sHash(hash, data);
}
