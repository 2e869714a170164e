// ChaCha20-Poly1305 (RFC 8439) behind one small interface, so backends (libsodium, OpenSSL) are interchangeable.

export type AeadBackendName = "sodium-native" | "node-crypto";

export const aeadKeyBytes = 32;
export const aeadNonceBytes = 12;
export const aeadTagBytes = 16;

/**
 * Buffers are the caller's: `out` must be exactly plaintext + 16 bytes (seal) or ciphertext - 16 bytes (open).
 * In-place work is allowed when out starts at the same byte as the input (WireGuard transport messages are
 * sealed and opened inside the datagram). open() returns false, never throws, when authentication fails.
 */
export interface Aead {
  readonly backend: AeadBackendName;
  /** Nonce is WireGuard's: 4 zero bytes then the counter as a 64-bit little-endian integer (counter < 2^53). */
  seal(out: Uint8Array, key: Uint8Array, counter: number, plaintext: Uint8Array, ad?: Uint8Array): void;
  open(out: Uint8Array, key: Uint8Array, counter: number, ciphertext: Uint8Array, ad?: Uint8Array): boolean;
  /** Any 12-byte nonce (for test vectors and XChaCha20's inner call). */
  sealWithNonce(
    out: Uint8Array,
    key: Uint8Array,
    nonce: Uint8Array,
    plaintext: Uint8Array,
    ad?: Uint8Array,
  ): void;
  openWithNonce(
    out: Uint8Array,
    key: Uint8Array,
    nonce: Uint8Array,
    ciphertext: Uint8Array,
    ad?: Uint8Array,
  ): boolean;
}

const twoTo32 = 0x100000000;

/** Writes WireGuard's nonce for counter into a 12-byte buffer. */
export function writeCounterNonce(nonce: Uint8Array, counter: number): void {
  const low = counter >>> 0;
  const high = (counter - low) / twoTo32;
  nonce[0] = 0;
  nonce[1] = 0;
  nonce[2] = 0;
  nonce[3] = 0;
  nonce[4] = low;
  nonce[5] = low >>> 8;
  nonce[6] = low >>> 16;
  nonce[7] = low >>> 24;
  nonce[8] = high;
  nonce[9] = high >>> 8;
  nonce[10] = high >>> 16;
  nonce[11] = high >>> 24;
}

/** Shared counter-to-nonce layer; a backend supplies only the raw-nonce operations. */
export abstract class CounterNonceAead implements Aead {
  abstract readonly backend: AeadBackendName;
  // One scratch nonce per instance: the engine is single-threaded and seal/open never re-enter.
  private readonly nonce = new Uint8Array(aeadNonceBytes);

  seal(out: Uint8Array, key: Uint8Array, counter: number, plaintext: Uint8Array, ad?: Uint8Array): void {
    writeCounterNonce(this.nonce, counter);
    this.sealWithNonce(out, key, this.nonce, plaintext, ad);
  }

  open(out: Uint8Array, key: Uint8Array, counter: number, ciphertext: Uint8Array, ad?: Uint8Array): boolean {
    writeCounterNonce(this.nonce, counter);
    return this.openWithNonce(out, key, this.nonce, ciphertext, ad);
  }

  abstract sealWithNonce(
    out: Uint8Array,
    key: Uint8Array,
    nonce: Uint8Array,
    plaintext: Uint8Array,
    ad?: Uint8Array,
  ): void;

  abstract openWithNonce(
    out: Uint8Array,
    key: Uint8Array,
    nonce: Uint8Array,
    ciphertext: Uint8Array,
    ad?: Uint8Array,
  ): boolean;
}
