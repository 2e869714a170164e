// BLAKE2s (RFC 7693) with optional key and 1..32-byte output: WireGuard's HASH, its keyed MAC and HMAC's core.

const iv = new Uint32Array([
  0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19,
]);

// Message word schedule for the 10 rounds (RFC 7693 section 2.7), flattened.
const sigma = new Uint8Array([
  0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 14, 10, 4, 8, 9, 15, 13, 6, 1, 12, 0, 2, 11, 7, 5, 3,
  11, 8, 12, 0, 5, 2, 15, 13, 10, 14, 3, 6, 7, 1, 9, 4, 7, 9, 3, 1, 13, 12, 11, 14, 2, 6, 5, 10, 4, 0, 15, 8,
  9, 0, 5, 7, 2, 4, 10, 15, 14, 1, 11, 12, 6, 8, 3, 13, 2, 12, 6, 10, 0, 11, 8, 3, 4, 13, 7, 5, 15, 14, 1, 9,
  12, 5, 1, 15, 14, 13, 4, 10, 0, 7, 6, 3, 9, 2, 8, 11, 13, 11, 7, 14, 12, 1, 3, 9, 5, 0, 15, 4, 8, 6, 2, 10,
  6, 15, 14, 9, 11, 3, 0, 8, 12, 2, 13, 7, 1, 4, 10, 5, 10, 2, 8, 4, 7, 6, 1, 5, 15, 11, 9, 14, 3, 12, 13, 0,
]);

export const blake2sBlockBytes = 64;
export const blake2sMaxOutBytes = 32;
export const blake2sMaxKeyBytes = 32;

/**
 * Incremental BLAKE2s. One instance can be reset and reused so hashing on the handshake path allocates nothing
 * beyond its output. The last block must be compressed with the final flag, so a full block stays buffered until
 * more input arrives or digest() runs.
 */
export class Blake2s {
  private readonly h = new Uint32Array(8);
  private readonly v = new Uint32Array(16);
  private readonly m = new Uint32Array(16);
  private readonly buffer = new Uint8Array(blake2sBlockBytes);
  private bufferedBytes = 0;
  private compressedBytes = 0;
  private outBytes = blake2sMaxOutBytes;

  constructor(outBytes = blake2sMaxOutBytes, key?: Uint8Array) {
    this.reset(outBytes, key);
  }

  reset(outBytes = blake2sMaxOutBytes, key?: Uint8Array): this {
    const keyBytes = key?.length ?? 0;
    if (!Number.isInteger(outBytes) || outBytes < 1 || outBytes > blake2sMaxOutBytes) {
      throw new RangeError(`BLAKE2s output length must be 1..32 bytes, got ${outBytes}`);
    }
    if (keyBytes > blake2sMaxKeyBytes) {
      throw new RangeError(`BLAKE2s key must be at most 32 bytes, got ${keyBytes}`);
    }
    this.outBytes = outBytes;
    this.h.set(iv);
    this.h[0]! ^= 0x01010000 ^ (keyBytes << 8) ^ outBytes;
    this.buffer.fill(0);
    this.bufferedBytes = 0;
    this.compressedBytes = 0;
    if (key !== undefined && keyBytes > 0) {
      this.buffer.set(key);
      this.bufferedBytes = blake2sBlockBytes;
    }
    return this;
  }

  update(data: Uint8Array): this {
    let offset = 0;
    while (offset < data.length) {
      if (this.bufferedBytes === blake2sBlockBytes) {
        this.compressedBytes += blake2sBlockBytes;
        this.compress(false);
        this.bufferedBytes = 0;
      }
      const take = Math.min(blake2sBlockBytes - this.bufferedBytes, data.length - offset);
      this.buffer.set(data.subarray(offset, offset + take), this.bufferedBytes);
      this.bufferedBytes += take;
      offset += take;
    }
    return this;
  }

  /** Writes the hash into out (which must hold the output length); the instance needs reset() before reuse. */
  digest(out: Uint8Array = new Uint8Array(this.outBytes)): Uint8Array {
    this.compressedBytes += this.bufferedBytes;
    this.buffer.fill(0, this.bufferedBytes);
    this.compress(true);
    for (let i = 0; i < this.outBytes; i++) out[i] = this.h[i >> 2]! >>> (8 * (i & 3));
    this.buffer.fill(0);
    return out;
  }

  private compress(isLast: boolean): void {
    const { h, v, m, buffer } = this;
    for (let i = 0; i < 16; i++) {
      const o = i * 4;
      m[i] = buffer[o]! | (buffer[o + 1]! << 8) | (buffer[o + 2]! << 16) | (buffer[o + 3]! << 24);
    }
    v.set(h);
    v.set(iv, 8);
    v[12]! ^= this.compressedBytes >>> 0;
    v[13]! ^= Math.floor(this.compressedBytes / 0x100000000);
    if (isLast) v[14] = ~v[14]!;
    for (let round = 0; round < 10; round++) {
      const s = round * 16;
      mix(v, m, 0, 4, 8, 12, sigma[s]!, sigma[s + 1]!);
      mix(v, m, 1, 5, 9, 13, sigma[s + 2]!, sigma[s + 3]!);
      mix(v, m, 2, 6, 10, 14, sigma[s + 4]!, sigma[s + 5]!);
      mix(v, m, 3, 7, 11, 15, sigma[s + 6]!, sigma[s + 7]!);
      mix(v, m, 0, 5, 10, 15, sigma[s + 8]!, sigma[s + 9]!);
      mix(v, m, 1, 6, 11, 12, sigma[s + 10]!, sigma[s + 11]!);
      mix(v, m, 2, 7, 8, 13, sigma[s + 12]!, sigma[s + 13]!);
      mix(v, m, 3, 4, 9, 14, sigma[s + 14]!, sigma[s + 15]!);
    }
    for (let i = 0; i < 8; i++) h[i] = h[i]! ^ v[i]! ^ v[i + 8]!;
  }
}

// The G function of RFC 7693 section 3.1 with BLAKE2s rotations (16, 12, 8, 7).
function mix(
  v: Uint32Array,
  m: Uint32Array,
  a: number,
  b: number,
  c: number,
  d: number,
  x: number,
  y: number,
) {
  let va = v[a]!;
  let vb = v[b]!;
  let vc = v[c]!;
  let vd = v[d]!;
  va = (va + vb + m[x]!) | 0;
  vd ^= va;
  vd = (vd >>> 16) | (vd << 16);
  vc = (vc + vd) | 0;
  vb ^= vc;
  vb = (vb >>> 12) | (vb << 20);
  va = (va + vb + m[y]!) | 0;
  vd ^= va;
  vd = (vd >>> 8) | (vd << 24);
  vc = (vc + vd) | 0;
  vb ^= vc;
  vb = (vb >>> 7) | (vb << 25);
  v[a] = va;
  v[b] = vb;
  v[c] = vc;
  v[d] = vd;
}

// Shared instance for the one-shot helpers: the engine is single-threaded and these never re-enter.
const shared = new Blake2s();

/** HASH(parts...) of the Noise spec: unkeyed BLAKE2s-256 over the concatenation, without concatenating. */
export function blake2sHash(...parts: readonly Uint8Array[]): Uint8Array {
  shared.reset();
  for (const part of parts) shared.update(part);
  return shared.digest();
}

/** Keyed BLAKE2s with outBytes of output (WireGuard's MAC is outBytes 16), written into out. */
export function blake2sMac(
  key: Uint8Array,
  data: Uint8Array,
  outBytes: number,
  out: Uint8Array = new Uint8Array(outBytes),
): Uint8Array {
  return shared.reset(outBytes, key).update(data).digest(out);
}
