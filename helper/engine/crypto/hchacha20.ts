// HChaCha20 (draft-irtf-cfrg-xchacha section 2.2): derives XChaCha20's subkey where libsodium is unavailable.

export const hchacha20KeyBytes = 32;
export const hchacha20InputBytes = 16;

const state = new Uint32Array(16);

/** HChaCha20(key, first 16 bytes of the XChaCha nonce) into out (32 bytes). */
export function hchacha20(
  key: Uint8Array,
  input: Uint8Array,
  out: Uint8Array = new Uint8Array(hchacha20KeyBytes),
): Uint8Array {
  if (key.length !== hchacha20KeyBytes || input.length !== hchacha20InputBytes) {
    throw new RangeError("HChaCha20 needs a 32-byte key and a 16-byte input");
  }
  const s = state;
  s[0] = 0x61707865; // "expand 32-byte k"
  s[1] = 0x3320646e;
  s[2] = 0x79622d32;
  s[3] = 0x6b206574;
  for (let i = 0; i < 8; i++) s[4 + i] = readLe32(key, i * 4);
  for (let i = 0; i < 4; i++) s[12 + i] = readLe32(input, i * 4);
  for (let round = 0; round < 10; round++) {
    quarterRound(s, 0, 4, 8, 12);
    quarterRound(s, 1, 5, 9, 13);
    quarterRound(s, 2, 6, 10, 14);
    quarterRound(s, 3, 7, 11, 15);
    quarterRound(s, 0, 5, 10, 15);
    quarterRound(s, 1, 6, 11, 12);
    quarterRound(s, 2, 7, 8, 13);
    quarterRound(s, 3, 4, 9, 14);
  }
  // Unlike the ChaCha20 block function there is no feed-forward: rows 0 and 3 are the subkey.
  for (let i = 0; i < 4; i++) writeLe32(out, i * 4, s[i]!);
  for (let i = 0; i < 4; i++) writeLe32(out, 16 + i * 4, s[12 + i]!);
  s.fill(0);
  return out;
}

function quarterRound(s: Uint32Array, a: number, b: number, c: number, d: number): void {
  let va = s[a]!;
  let vb = s[b]!;
  let vc = s[c]!;
  let vd = s[d]!;
  va = (va + vb) | 0;
  vd ^= va;
  vd = (vd << 16) | (vd >>> 16);
  vc = (vc + vd) | 0;
  vb ^= vc;
  vb = (vb << 12) | (vb >>> 20);
  va = (va + vb) | 0;
  vd ^= va;
  vd = (vd << 8) | (vd >>> 24);
  vc = (vc + vd) | 0;
  vb ^= vc;
  vb = (vb << 7) | (vb >>> 25);
  s[a] = va;
  s[b] = vb;
  s[c] = vc;
  s[d] = vd;
}

function readLe32(bytes: Uint8Array, offset: number): number {
  return (
    (bytes[offset]! | (bytes[offset + 1]! << 8) | (bytes[offset + 2]! << 16) | (bytes[offset + 3]! << 24)) >>>
    0
  );
}

function writeLe32(bytes: Uint8Array, offset: number, value: number): void {
  bytes[offset] = value;
  bytes[offset + 1] = value >>> 8;
  bytes[offset + 2] = value >>> 16;
  bytes[offset + 3] = value >>> 24;
}
