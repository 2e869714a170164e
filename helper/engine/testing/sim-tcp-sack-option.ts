// SACK blocks (RFC 2018) carried by simulated TCP ACKs, in the padding after the measurement block.

import { minSimPacketBytes } from "./sim-ip-packet";

/** With timestamps on, a real TCP header has room for 3 SACK blocks; Linux sends at most that many. */
export const maxSackBlocks = 3;

const optionAt = minSimPacketBytes("tcp");
const blockBytes = 16;
const scratchFloat = new Float64Array(1);
const scratchBytes = new Uint8Array(scratchFloat.buffer);

/** Blocks as [start, end) pairs of segment numbers: starts[i] .. ends[i] - 1 were received. */
export class SackBlocks {
  readonly starts = new Float64Array(maxSackBlocks);
  readonly ends = new Float64Array(maxSackBlocks);
  count = 0;
}

/** IP packet size of an ACK carrying count blocks: the count byte, 3 reserved, 16 bytes a block. */
export function sackAckBytes(count: number): number {
  return optionAt + 4 + count * blockBytes;
}

/** Writes blocks into an ACK built with sackAckBytes(blocks.count) bytes. */
export function writeSackBlocks(bytes: Uint8Array, blocks: SackBlocks): void {
  bytes[optionAt] = blocks.count;
  for (let i = 0; i < blocks.count; i++) {
    writeF64(bytes, optionAt + 4 + i * blockBytes, blocks.starts[i]!);
    writeF64(bytes, optionAt + 12 + i * blockBytes, blocks.ends[i]!);
  }
}

/** Reads the blocks of an ACK; an ACK too short to hold any (an old-style ACK) has none. */
export function readSackBlocks(bytes: Uint8Array, into: SackBlocks): void {
  into.count = 0;
  if (bytes.length < optionAt + 4) return;
  const count = Math.min(bytes[optionAt]!, maxSackBlocks);
  if (bytes.length < sackAckBytes(count)) return;
  for (let i = 0; i < count; i++) {
    into.starts[i] = readF64(bytes, optionAt + 4 + i * blockBytes);
    into.ends[i] = readF64(bytes, optionAt + 12 + i * blockBytes);
  }
  into.count = count;
}

// Byte order does not matter here: the same process writes and reads.
function writeF64(bytes: Uint8Array, at: number, value: number): void {
  scratchFloat[0] = value;
  for (let i = 0; i < 8; i++) bytes[at + i] = scratchBytes[i]!;
}

function readF64(bytes: Uint8Array, at: number): number {
  for (let i = 0; i < 8; i++) scratchBytes[i] = bytes[at + i]!;
  return scratchFloat[0]!;
}
