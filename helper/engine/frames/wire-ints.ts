// Big-endian integer fields on plain byte arrays, including the widths DataView lacks (24, 48, 64-bit safe).

const twoPow32 = 0x1_0000_0000;
const twoPow48 = 0x1_0000_0000_0000;

export function readU16(bytes: Uint8Array, offset: number): number {
  return (bytes[offset]! << 8) | bytes[offset + 1]!;
}

export function writeU16(bytes: Uint8Array, offset: number, value: number): void {
  bytes[offset] = value >>> 8;
  bytes[offset + 1] = value;
}

export function readU24(bytes: Uint8Array, offset: number): number {
  return (bytes[offset]! << 16) | (bytes[offset + 1]! << 8) | bytes[offset + 2]!;
}

export function writeU24(bytes: Uint8Array, offset: number, value: number): void {
  bytes[offset] = value >>> 16;
  bytes[offset + 1] = value >>> 8;
  bytes[offset + 2] = value;
}

export function readU32(bytes: Uint8Array, offset: number): number {
  return (
    ((bytes[offset]! << 24) | (bytes[offset + 1]! << 16) | (bytes[offset + 2]! << 8) | bytes[offset + 3]!) >>>
    0
  );
}

export function writeU32(bytes: Uint8Array, offset: number, value: number): void {
  bytes[offset] = value >>> 24;
  bytes[offset + 1] = value >>> 16;
  bytes[offset + 2] = value >>> 8;
  bytes[offset + 3] = value;
}

export function readU48(bytes: Uint8Array, offset: number): number {
  return readU16(bytes, offset) * twoPow32 + readU32(bytes, offset + 2);
}

/** Writes value modulo 2^48 (callers pass non-negative integers; anything else wraps or becomes 0). */
export function writeU48(bytes: Uint8Array, offset: number, value: number): void {
  const wrapped = Number.isFinite(value) ? ((Math.trunc(value) % twoPow48) + twoPow48) % twoPow48 : 0;
  writeU16(bytes, offset, Math.floor(wrapped / twoPow32));
  writeU32(bytes, offset + 2, wrapped % twoPow32);
}

/** A 64-bit field as a JS number; undefined when it exceeds Number.MAX_SAFE_INTEGER (cannot be represented). */
export function readU64Safe(bytes: Uint8Array, offset: number): number | undefined {
  const high = readU32(bytes, offset);
  if (high > 0x1f_ffff) return undefined;
  return high * twoPow32 + readU32(bytes, offset + 4);
}

export function writeU64(bytes: Uint8Array, offset: number, value: number): void {
  writeU32(bytes, offset, Math.floor(value / twoPow32));
  writeU32(bytes, offset + 4, value % twoPow32);
}

/**
 * Timestamps travel as 48-bit microsecond counts of the sender's monotonic clock: microsecond resolution for
 * delay spreads of a few ms, no wrap for 8.9 years of uptime, and every decoded value is finite.
 */
export function writeTimestampMs(bytes: Uint8Array, offset: number, atMs: number): void {
  writeU48(bytes, offset, Math.round(atMs * 1000));
}

export function readTimestampMs(bytes: Uint8Array, offset: number): number {
  return readU48(bytes, offset) / 1000;
}
