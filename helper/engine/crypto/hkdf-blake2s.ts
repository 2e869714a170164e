// HMAC-BLAKE2s and WireGuard's KDF1/KDF2/KDF3 (HKDF over HMAC-BLAKE2s), the chaining functions of its handshake.

import { Blake2s, blake2sBlockBytes, blake2sHash } from "./blake2s";

const hashBytes = 32;
const inner = new Blake2s();
const outer = new Blake2s();
const paddedKey = new Uint8Array(blake2sBlockBytes);
const innerHash = new Uint8Array(hashBytes);
const counterByte = new Uint8Array(1);

/** HMAC (RFC 2104) with BLAKE2s-256 and its 64-byte block; out receives 32 bytes. */
export function hmacBlake2s(
  key: Uint8Array,
  data: readonly Uint8Array[],
  out: Uint8Array = new Uint8Array(hashBytes),
): Uint8Array {
  paddedKey.fill(0);
  paddedKey.set(key.length > blake2sBlockBytes ? blake2sHash(key) : key);
  for (let i = 0; i < blake2sBlockBytes; i++) paddedKey[i]! ^= 0x36;
  inner.reset().update(paddedKey);
  for (const part of data) inner.update(part);
  inner.digest(innerHash);
  for (let i = 0; i < blake2sBlockBytes; i++) paddedKey[i]! ^= 0x36 ^ 0x5c;
  outer.reset().update(paddedKey).update(innerHash).digest(out);
  paddedKey.fill(0);
  innerHash.fill(0);
  return out;
}

/**
 * KDFn(key, input) of the WireGuard paper: prk = HMAC(key, input); T1 = HMAC(prk, 0x1);
 * Ti = HMAC(prk, T(i-1) || i). Returns n fresh 32-byte outputs.
 */
function kdf(count: 1 | 2 | 3, key: Uint8Array, input: Uint8Array): Uint8Array[] {
  const prk = hmacBlake2s(key, [input]);
  const outputs: Uint8Array[] = [];
  let previous: Uint8Array | undefined;
  for (let i = 1; i <= count; i++) {
    counterByte[0] = i;
    const output = hmacBlake2s(prk, previous === undefined ? [counterByte] : [previous, counterByte]);
    outputs.push(output);
    previous = output;
  }
  prk.fill(0);
  return outputs;
}

export function kdf1(key: Uint8Array, input: Uint8Array): Uint8Array {
  return kdf(1, key, input)[0]!;
}

export function kdf2(key: Uint8Array, input: Uint8Array): [Uint8Array, Uint8Array] {
  const [t1, t2] = kdf(2, key, input);
  return [t1!, t2!];
}

export function kdf3(key: Uint8Array, input: Uint8Array): [Uint8Array, Uint8Array, Uint8Array] {
  const [t1, t2, t3] = kdf(3, key, input);
  return [t1!, t2!, t3!];
}
