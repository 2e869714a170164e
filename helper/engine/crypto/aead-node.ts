// ChaCha20-Poly1305 on node:crypto (OpenSSL): always available, slower (a cipher object per packet).

import { createCipheriv, createDecipheriv } from "node:crypto";
import { aeadTagBytes, CounterNonceAead } from "./aead";

const algorithm = "chacha20-poly1305";
const options = { authTagLength: aeadTagBytes } as const;

class NodeCryptoAead extends CounterNonceAead {
  readonly backend = "node-crypto" as const;

  sealWithNonce(out: Uint8Array, key: Uint8Array, nonce: Uint8Array, plaintext: Uint8Array, ad?: Uint8Array) {
    const cipher = createCipheriv(algorithm, key, nonce, options);
    if (ad !== undefined) cipher.setAAD(ad, { plaintextLength: plaintext.length });
    // update() returns a new buffer, so writing it over an in-place input afterwards is safe.
    const body = cipher.update(plaintext);
    cipher.final();
    out.set(body, 0);
    out.set(cipher.getAuthTag(), plaintext.length);
  }

  openWithNonce(
    out: Uint8Array,
    key: Uint8Array,
    nonce: Uint8Array,
    ciphertext: Uint8Array,
    ad?: Uint8Array,
  ) {
    const bodyBytes = ciphertext.length - aeadTagBytes;
    if (bodyBytes < 0 || out.length !== bodyBytes) return false;
    try {
      const decipher = createDecipheriv(algorithm, key, nonce, options);
      decipher.setAuthTag(ciphertext.subarray(bodyBytes));
      if (ad !== undefined) decipher.setAAD(ad, { plaintextLength: bodyBytes });
      const body = decipher.update(ciphertext.subarray(0, bodyBytes));
      decipher.final();
      out.set(body, 0);
      return true;
    } catch {
      return false;
    }
  }
}

export function createNodeCryptoAead(): CounterNonceAead {
  return new NodeCryptoAead();
}
