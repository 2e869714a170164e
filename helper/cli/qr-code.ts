// A QR code encoder (ISO/IEC 18004, byte mode, error correction L or M, versions 1-40) so `braid server add-client`
// can show a braid:// link to a phone without a runtime dependency in a root-run binary. After Nayuki's reference.

export type QrErrorCorrection = "L" | "M";

/** modules[y][x], true = dark; size = 17 + 4 * version. */
export interface QrCode {
  readonly version: number;
  readonly size: number;
  readonly modules: readonly (readonly boolean[])[];
}

// Per version (index 1..40): error-correction codewords per block and number of blocks.
const eccCodewordsPerBlock: Record<QrErrorCorrection, readonly number[]> = {
  L: [
    0, 7, 10, 15, 20, 26, 18, 20, 24, 30, 18, 20, 24, 26, 30, 22, 24, 28, 30, 28, 28, 28, 28, 30, 30, 26, 28,
    30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30,
  ],
  M: [
    0, 10, 16, 26, 18, 24, 16, 18, 22, 22, 26, 30, 22, 22, 24, 24, 28, 28, 26, 26, 26, 26, 28, 28, 28, 28, 28,
    28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28,
  ],
};
const errorCorrectionBlocks: Record<QrErrorCorrection, readonly number[]> = {
  L: [
    0, 1, 1, 1, 1, 1, 2, 2, 2, 2, 4, 4, 4, 4, 4, 6, 6, 6, 6, 7, 8, 8, 9, 9, 10, 12, 12, 12, 13, 14, 15, 16,
    17, 18, 19, 19, 20, 21, 22, 24, 25,
  ],
  M: [
    0, 1, 1, 1, 2, 2, 4, 4, 4, 5, 5, 5, 8, 9, 9, 10, 10, 11, 13, 14, 16, 17, 17, 18, 20, 21, 23, 25, 26, 28,
    29, 31, 33, 35, 37, 38, 40, 43, 45, 47, 49,
  ],
};
const formatLevelBits: Record<QrErrorCorrection, number> = { L: 1, M: 0 };

/** Data modules in a symbol of this version (everything but finder, timing, alignment, format and version areas). */
function rawDataModules(version: number): number {
  let result = (16 * version + 128) * version + 64;
  if (version >= 2) {
    const alignCount = Math.floor(version / 7) + 2;
    result -= (25 * alignCount - 10) * alignCount - 55;
    if (version >= 7) result -= 36;
  }
  return result;
}

function dataCodewords(version: number, level: QrErrorCorrection): number {
  return (
    Math.floor(rawDataModules(version) / 8) -
    (eccCodewordsPerBlock[level][version] as number) * (errorCorrectionBlocks[level][version] as number)
  );
}

function gfMultiply(x: number, y: number): number {
  let z = 0;
  for (let i = 7; i >= 0; i--) {
    z = (z << 1) ^ ((z >>> 7) * 0x11d);
    z ^= ((y >>> i) & 1) * x;
  }
  return z;
}

function reedSolomonDivisor(degree: number): number[] {
  const result = new Array<number>(degree).fill(0);
  result[degree - 1] = 1;
  let root = 1;
  for (let i = 0; i < degree; i++) {
    for (let j = 0; j < degree; j++) {
      result[j] = gfMultiply(result[j] as number, root) ^ (j + 1 < degree ? (result[j + 1] as number) : 0);
    }
    root = gfMultiply(root, 0x02);
  }
  return result;
}

function reedSolomonRemainder(data: readonly number[], divisor: readonly number[]): number[] {
  const result = new Array<number>(divisor.length).fill(0);
  for (const byte of data) {
    const factor = byte ^ (result.shift() as number);
    result.push(0);
    divisor.forEach((coefficient, i) => {
      result[i] = (result[i] as number) ^ gfMultiply(coefficient, factor);
    });
  }
  return result;
}

/** Byte-mode bit stream, terminated and padded to the version's data capacity. */
function dataBytes(payload: Uint8Array, version: number, level: QrErrorCorrection): number[] {
  const bits: number[] = [];
  const push = (value: number, length: number) => {
    for (let i = length - 1; i >= 0; i--) bits.push((value >>> i) & 1);
  };
  push(0b0100, 4);
  push(payload.length, version <= 9 ? 8 : 16);
  for (const byte of payload) push(byte, 8);
  const capacityBits = dataCodewords(version, level) * 8;
  push(0, Math.min(4, capacityBits - bits.length));
  push(0, (8 - (bits.length % 8)) % 8);
  const bytes: number[] = [];
  for (let i = 0; i < bits.length; i += 8)
    bytes.push(bits.slice(i, i + 8).reduce((acc, bit) => (acc << 1) | bit, 0));
  for (let pad = 0xec; bytes.length < capacityBits / 8; pad ^= 0xec ^ 0x11) bytes.push(pad);
  return bytes;
}

/** Splits into blocks, appends each block's error correction, and interleaves as the standard lays them out. */
function withErrorCorrection(data: readonly number[], version: number, level: QrErrorCorrection): number[] {
  const blockCount = errorCorrectionBlocks[level][version] as number;
  const eccLength = eccCodewordsPerBlock[level][version] as number;
  const rawCodewords = Math.floor(rawDataModules(version) / 8);
  const shortBlocks = blockCount - (rawCodewords % blockCount);
  const shortBlockLength = Math.floor(rawCodewords / blockCount);
  const divisor = reedSolomonDivisor(eccLength);
  const blocks: number[][] = [];
  for (let i = 0, offset = 0; i < blockCount; i++) {
    const block = data.slice(offset, offset + shortBlockLength - eccLength + (i < shortBlocks ? 0 : 1));
    offset += block.length;
    const ecc = reedSolomonRemainder(block, divisor);
    if (i < shortBlocks) block.push(0);
    blocks.push([...block, ...ecc]);
  }
  const result: number[] = [];
  for (let i = 0; i < (blocks[0] as number[]).length; i++)
    blocks.forEach((block, j) => {
      if (i !== shortBlockLength - eccLength || j >= shortBlocks) result.push(block[i] as number);
    });
  return result;
}

function alignmentPositions(version: number, size: number): number[] {
  if (version === 1) return [];
  const count = Math.floor(version / 7) + 2;
  const step = Math.floor((version * 8 + count * 3 + 5) / (count * 4 - 4)) * 2;
  const result = [6];
  for (let position = size - 7; result.length < count; position -= step) result.splice(1, 0, position);
  return result;
}

const masks: readonly ((x: number, y: number) => boolean)[] = [
  (x, y) => (x + y) % 2 === 0,
  (_x, y) => y % 2 === 0,
  (x) => x % 3 === 0,
  (x, y) => (x + y) % 3 === 0,
  (x, y) => (Math.floor(x / 3) + Math.floor(y / 2)) % 2 === 0,
  (x, y) => ((x * y) % 2) + ((x * y) % 3) === 0,
  (x, y) => (((x * y) % 2) + ((x * y) % 3)) % 2 === 0,
  (x, y) => (((x + y) % 2) + ((x * y) % 3)) % 2 === 0,
];

class Matrix {
  readonly dark: boolean[][];
  readonly reserved: boolean[][];
  constructor(readonly size: number) {
    this.dark = Array.from({ length: size }, () => new Array<boolean>(size).fill(false));
    this.reserved = Array.from({ length: size }, () => new Array<boolean>(size).fill(false));
  }
  fixed(x: number, y: number, dark: boolean): void {
    (this.dark[y] as boolean[])[x] = dark;
    (this.reserved[y] as boolean[])[x] = true;
  }
}

function drawFunctionPatterns(m: Matrix, version: number): void {
  const size = m.size;
  for (let i = 0; i < size; i++) {
    m.fixed(6, i, i % 2 === 0);
    m.fixed(i, 6, i % 2 === 0);
  }
  for (const [cx, cy] of [
    [3, 3],
    [size - 4, 3],
    [3, size - 4],
  ] as const) {
    for (let dy = -4; dy <= 4; dy++)
      for (let dx = -4; dx <= 4; dx++) {
        const distance = Math.max(Math.abs(dx), Math.abs(dy));
        const x = cx + dx;
        const y = cy + dy;
        if (x >= 0 && x < size && y >= 0 && y < size) m.fixed(x, y, distance !== 2 && distance !== 4);
      }
  }
  const positions = alignmentPositions(version, size);
  const last = positions.length - 1;
  positions.forEach((cx, i) => {
    positions.forEach((cy, j) => {
      if ((i === 0 && j === 0) || (i === 0 && j === last) || (i === last && j === 0)) return;
      for (let dy = -2; dy <= 2; dy++)
        for (let dx = -2; dx <= 2; dx++)
          m.fixed(cx + dx, cy + dy, Math.max(Math.abs(dx), Math.abs(dy)) !== 1);
    });
  });
  if (version >= 7) {
    let remainder = version;
    for (let i = 0; i < 12; i++) remainder = (remainder << 1) ^ ((remainder >>> 11) * 0x1f25);
    const bits = (version << 12) | remainder;
    for (let i = 0; i < 18; i++) {
      const dark = ((bits >>> i) & 1) === 1;
      const a = size - 11 + (i % 3);
      const b = Math.floor(i / 3);
      m.fixed(a, b, dark);
      m.fixed(b, a, dark);
    }
  }
  drawFormatBits(m, "L", 0); // reserves the format areas; the real bits come once the mask is chosen
}

function drawFormatBits(m: Matrix, level: QrErrorCorrection, mask: number): void {
  const data = (formatLevelBits[level] << 3) | mask;
  let remainder = data;
  for (let i = 0; i < 10; i++) remainder = (remainder << 1) ^ ((remainder >>> 9) * 0x537);
  const bits = ((data << 10) | remainder) ^ 0x5412;
  const bit = (i: number) => ((bits >>> i) & 1) === 1;
  const size = m.size;
  for (let i = 0; i <= 5; i++) m.fixed(8, i, bit(i));
  m.fixed(8, 7, bit(6));
  m.fixed(8, 8, bit(7));
  m.fixed(7, 8, bit(8));
  for (let i = 9; i < 15; i++) m.fixed(14 - i, 8, bit(i));
  for (let i = 0; i < 8; i++) m.fixed(size - 1 - i, 8, bit(i));
  for (let i = 8; i < 15; i++) m.fixed(8, size - 15 + i, bit(i));
  m.fixed(8, size - 8, true);
}

function drawCodewords(m: Matrix, codewords: readonly number[]): void {
  const size = m.size;
  let i = 0;
  for (let right = size - 1; right >= 1; right -= 2) {
    if (right === 6) right = 5; // the vertical timing pattern
    for (let vertical = 0; vertical < size; vertical++)
      for (let j = 0; j < 2; j++) {
        const x = right - j;
        const y = ((right + 1) & 2) === 0 ? size - 1 - vertical : vertical;
        if ((m.reserved[y] as boolean[])[x] || i >= codewords.length * 8) continue;
        (m.dark[y] as boolean[])[x] = (((codewords[i >>> 3] as number) >>> (7 - (i & 7))) & 1) === 1;
        i++;
      }
  }
}

function applyMask(m: Matrix, mask: number): void {
  const rule = masks[mask] as (x: number, y: number) => boolean;
  for (let y = 0; y < m.size; y++)
    for (let x = 0; x < m.size; x++)
      if (!(m.reserved[y] as boolean[])[x] && rule(x, y))
        (m.dark[y] as boolean[])[x] = !(m.dark[y] as boolean[])[x];
}

/** The standard's penalty: long runs, 2x2 blocks, finder-like patterns, dark/light imbalance. Lower is better. */
function penalty(dark: readonly (readonly boolean[])[]): number {
  const size = dark.length;
  const at = (x: number, y: number) => (dark[y] as boolean[])[x] as boolean;
  let score = 0;
  const finderLike = [true, false, true, true, true, false, true];
  for (const transpose of [false, true]) {
    for (let a = 0; a < size; a++) {
      const line = Array.from({ length: size }, (_, b) => (transpose ? at(a, b) : at(b, a)));
      let run = 1;
      for (let b = 1; b <= size; b++) {
        if (b < size && line[b] === line[b - 1]) run++;
        else {
          if (run >= 5) score += run - 2;
          run = 1;
        }
      }
      for (let b = 0; b + 7 <= size; b++) {
        if (!finderLike.every((value, k) => line[b + k] === value)) continue;
        const lightBefore = line.slice(Math.max(0, b - 4), b).every((v) => !v);
        const lightAfter = line.slice(b + 7, b + 11).every((v) => !v);
        if (lightBefore || lightAfter) score += 40;
      }
    }
  }
  let darkCount = 0;
  for (let y = 0; y < size; y++)
    for (let x = 0; x < size; x++) {
      if (at(x, y)) darkCount++;
      if (x + 1 < size && y + 1 < size) {
        const c = at(x, y);
        if (c === at(x + 1, y) && c === at(x, y + 1) && c === at(x + 1, y + 1)) score += 3;
      }
    }
  const total = size * size;
  return score + (Math.ceil(Math.abs(darkCount * 20 - total * 10) / total) - 1) * 10;
}

/** The smallest symbol that holds the bytes; throws RangeError when even version 40 is too small. */
export function encodeQr(payload: Uint8Array, level: QrErrorCorrection = "L"): QrCode {
  let version = 1;
  const headerBits = (v: number) => 4 + (v <= 9 ? 8 : 16);
  while (version <= 40 && headerBits(version) + payload.length * 8 > dataCodewords(version, level) * 8)
    version++;
  if (version > 40) throw new RangeError(`${payload.length} bytes do not fit in a QR code at level ${level}`);
  const codewords = withErrorCorrection(dataBytes(payload, version, level), version, level);
  let best: { score: number; dark: boolean[][] } | undefined;
  for (let mask = 0; mask < masks.length; mask++) {
    const m = new Matrix(17 + 4 * version);
    drawFunctionPatterns(m, version);
    drawCodewords(m, codewords);
    applyMask(m, mask);
    drawFormatBits(m, level, mask);
    const score = penalty(m.dark);
    if (!best || score < best.score) best = { score, dark: m.dark };
  }
  const modules = (best as { dark: boolean[][] }).dark;
  return { version, size: modules.length, modules };
}
