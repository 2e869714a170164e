// ChaCha20-Poly1305 on libsodium through sodium-native: the fast backend (no allocation per call).

import { aeadTagBytes, CounterNonceAead } from "./aead";
import { loadSodiumNative, type SodiumNative } from "./sodium-native-loader";

class SodiumAead extends CounterNonceAead {
  readonly backend = "sodium-native" as const;

  constructor(private readonly sodium: SodiumNative) {
    super();
  }

  sealWithNonce(out: Uint8Array, key: Uint8Array, nonce: Uint8Array, plaintext: Uint8Array, ad?: Uint8Array) {
    this.sodium.crypto_aead_chacha20poly1305_ietf_encrypt(out, plaintext, ad ?? null, null, nonce, key);
  }

  openWithNonce(
    out: Uint8Array,
    key: Uint8Array,
    nonce: Uint8Array,
    ciphertext: Uint8Array,
    ad?: Uint8Array,
  ) {
    if (ciphertext.length < aeadTagBytes || out.length !== ciphertext.length - aeadTagBytes) return false;
    try {
      this.sodium.crypto_aead_chacha20poly1305_ietf_decrypt(out, null, ciphertext, ad ?? null, nonce, key);
      return true;
    } catch {
      return false;
    }
  }
}

/** undefined when sodium-native cannot be loaded on this machine. */
export function createSodiumAead(): CounterNonceAead | undefined {
  const sodium = loadSodiumNative();
  return sodium === undefined ? undefined : new SodiumAead(sodium);
}
