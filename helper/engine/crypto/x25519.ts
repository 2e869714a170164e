// X25519 (RFC 7748) on raw 32-byte keys via node:crypto, with WireGuard's key clamping and zero-result check.

import { createPrivateKey, createPublicKey, diffieHellman, type KeyObject } from "node:crypto";
import type { RandomSource } from "../ports";
import { isAllZero } from "./constant-time";

export const x25519KeyBytes = 32;

// node:crypto takes X25519 keys as DER; these are the fixed prefixes before the 32 raw bytes.
const pkcs8Prefix = Uint8Array.from([
  0x30, 0x2e, 0x02, 0x01, 0x00, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x6e, 0x04, 0x22, 0x04, 0x20,
]);
const spkiPrefix = Uint8Array.from([0x30, 0x2a, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x6e, 0x03, 0x21, 0x00]);

/** Clamps as `wg genkey` and WireGuard do (RFC 7748 section 5 decodeScalar25519), in place. */
export function clampPrivateKey(key: Uint8Array): Uint8Array {
  key[0]! &= 248;
  key[31]! &= 127;
  key[31]! |= 64;
  return key;
}

export function generatePrivateKey(random: RandomSource): Uint8Array {
  const key = new Uint8Array(x25519KeyBytes);
  random.fill(key);
  return clampPrivateKey(key);
}

export function publicKey(privateKey: Uint8Array): Uint8Array {
  const der = createPublicKey(privateKeyObject(privateKey)).export({ format: "der", type: "spki" });
  return new Uint8Array(der.subarray(der.length - x25519KeyBytes));
}

/**
 * X25519(privateKey, peerPublicKey), or undefined when the result is all zeros (a low-order public key), which
 * WireGuard treats as an invalid key rather than a usable secret.
 */
export function sharedSecret(privateKey: Uint8Array, peerPublicKey: Uint8Array): Uint8Array | undefined {
  if (privateKey.length !== x25519KeyBytes || peerPublicKey.length !== x25519KeyBytes) return undefined;
  let secret: Uint8Array;
  try {
    secret = diffieHellman({
      privateKey: privateKeyObject(privateKey),
      publicKey: publicKeyObject(peerPublicKey),
    });
  } catch {
    // OpenSSL itself refuses to return an all-zero X25519 result.
    return undefined;
  }
  if (isAllZero(secret)) return undefined;
  return new Uint8Array(secret.buffer, secret.byteOffset, secret.length);
}

function privateKeyObject(privateKey: Uint8Array): KeyObject {
  if (privateKey.length !== x25519KeyBytes) throw new RangeError("an X25519 private key has 32 bytes");
  const der = new Uint8Array(pkcs8Prefix.length + x25519KeyBytes);
  der.set(pkcs8Prefix);
  der.set(privateKey, pkcs8Prefix.length);
  const key = createPrivateKey({ key: Buffer.from(der.buffer), format: "der", type: "pkcs8" });
  der.fill(0);
  return key;
}

function publicKeyObject(publicKey: Uint8Array): KeyObject {
  const der = new Uint8Array(spkiPrefix.length + x25519KeyBytes);
  der.set(spkiPrefix);
  der.set(publicKey, spkiPrefix.length);
  return createPublicKey({ key: Buffer.from(der.buffer), format: "der", type: "spki" });
}
