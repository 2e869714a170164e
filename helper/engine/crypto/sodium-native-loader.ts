// Loads sodium-native on first use, so the engine still runs (on node:crypto alone) where the addon is missing.

import { createRequire } from "node:module";

/** The few libsodium calls Braid uses; sodium-native throws on failed authentication. */
export interface SodiumNative {
  crypto_aead_chacha20poly1305_ietf_encrypt(
    ciphertext: Uint8Array,
    message: Uint8Array,
    additionalData: Uint8Array | null,
    nsec: null,
    nonce: Uint8Array,
    key: Uint8Array,
  ): number;
  crypto_aead_chacha20poly1305_ietf_decrypt(
    message: Uint8Array,
    nsec: null,
    ciphertext: Uint8Array,
    additionalData: Uint8Array | null,
    nonce: Uint8Array,
    key: Uint8Array,
  ): number;
  crypto_aead_xchacha20poly1305_ietf_encrypt(
    ciphertext: Uint8Array,
    message: Uint8Array,
    additionalData: Uint8Array | null,
    nsec: null,
    nonce: Uint8Array,
    key: Uint8Array,
  ): number;
  crypto_aead_xchacha20poly1305_ietf_decrypt(
    message: Uint8Array,
    nsec: null,
    ciphertext: Uint8Array,
    additionalData: Uint8Array | null,
    nonce: Uint8Array,
    key: Uint8Array,
  ): number;
}

let loaded: SodiumNative | null | undefined;

/** The addon, or undefined when it cannot be loaded (not installed, wrong ABI, unsupported platform). */
export function loadSodiumNative(): SodiumNative | undefined {
  if (loaded === undefined) loaded = tryRequire();
  return loaded ?? undefined;
}

function tryRequire(): SodiumNative | null {
  try {
    // The esbuild bundle is CommonJS (a real require, with sodium-native left external); under vitest and
    // plain ESM there is none, so one is made from this module's URL.
    const requireModule = typeof require === "function" ? require : createRequire(import.meta.url);
    const sodium = requireModule("sodium-native") as Partial<SodiumNative>;
    return typeof sodium.crypto_aead_chacha20poly1305_ietf_encrypt === "function"
      ? (sodium as SodiumNative)
      : null;
  } catch {
    return null;
  }
}
