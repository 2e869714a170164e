// XChaCha20-Poly1305 (24-byte random nonces) for WireGuard's cookie replies: libsodium's, or HChaCha20 + ChaCha.

import { type Aead, aeadNonceBytes } from "./aead";
import { createNodeCryptoAead } from "./aead-node";
import { hchacha20, hchacha20InputBytes, hchacha20KeyBytes } from "./hchacha20";
import { loadSodiumNative } from "./sodium-native-loader";

export const xchachaNonceBytes = 24;

/** Same buffer rules as Aead: out is exactly input +/- 16 bytes; open() returns false instead of throwing. */
export interface XChaChaAead {
  readonly backend: "sodium-native" | "hchacha20";
  seal(out: Uint8Array, key: Uint8Array, nonce: Uint8Array, plaintext: Uint8Array, ad?: Uint8Array): void;
  open(out: Uint8Array, key: Uint8Array, nonce: Uint8Array, ciphertext: Uint8Array, ad?: Uint8Array): boolean;
}

export function createDefaultXChaChaAead(): XChaChaAead {
  return createSodiumXChaChaAead() ?? createHChaChaXChaChaAead(createNodeCryptoAead());
}

export function createSodiumXChaChaAead(): XChaChaAead | undefined {
  const sodium = loadSodiumNative();
  if (sodium === undefined) return undefined;
  return {
    backend: "sodium-native",
    seal(out, key, nonce, plaintext, ad) {
      sodium.crypto_aead_xchacha20poly1305_ietf_encrypt(out, plaintext, ad ?? null, null, nonce, key);
    },
    open(out, key, nonce, ciphertext, ad) {
      if (ciphertext.length < 16 || out.length !== ciphertext.length - 16) return false;
      try {
        sodium.crypto_aead_xchacha20poly1305_ietf_decrypt(out, null, ciphertext, ad ?? null, nonce, key);
        return true;
      } catch {
        return false;
      }
    },
  };
}

/** XChaCha20-Poly1305 = ChaCha20-Poly1305 keyed by HChaCha20(key, nonce[0..16]), nonce 0^4 || nonce[16..24]. */
export function createHChaChaXChaChaAead(inner: Aead): XChaChaAead {
  const subkey = new Uint8Array(hchacha20KeyBytes);
  const innerNonce = new Uint8Array(aeadNonceBytes);
  const derive = (key: Uint8Array, nonce: Uint8Array) => {
    hchacha20(key, nonce.subarray(0, hchacha20InputBytes), subkey);
    innerNonce.set(nonce.subarray(hchacha20InputBytes, xchachaNonceBytes), 4);
  };
  return {
    backend: "hchacha20",
    seal(out, key, nonce, plaintext, ad) {
      derive(key, nonce);
      inner.sealWithNonce(out, subkey, innerNonce, plaintext, ad);
      subkey.fill(0);
    },
    open(out, key, nonce, ciphertext, ad) {
      derive(key, nonce);
      const ok = inner.openWithNonce(out, subkey, innerNonce, ciphertext, ad);
      subkey.fill(0);
      return ok;
    },
  };
}
