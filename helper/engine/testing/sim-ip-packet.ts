// Builds and parses the IPv4 packets that simulated traffic carries: real headers, measurement fields inside.

/**
 * Layout: a valid 20-byte IPv4 header (version 4, IHL 5, DF, TTL 64, correct header checksum), then a UDP
 * (8-byte) or TCP (20-byte) header with ports, so an engine can classify flows by 5-tuple, then a 44-byte
 * measurement block, then zero padding up to totalBytes. Transport checksums are left 0: nothing in the
 * simulation verifies them (UDP allows 0; the engine never looks inside TCP).
 *
 * Measurement block: magic "BSM1", kind (u8), 3 reserved, streamId (u32), then as little-endian float64:
 * seq, ack, sentAtMs, echoAtMs. Float64 keeps sequence numbers exact up to 2^53 and times fractional.
 */

import type { ByteSlab } from "./byte-slab";

export type TransportProtocol = "tcp" | "udp";
export type SimPacketKind = "bulk" | "tcp-data" | "tcp-ack" | "probe" | "probe-echo";

/** 10.77.0.2: the client side of the tunnel's inner addresses. */
export const simClientAddress = 0x0a4d0002;
/** 10.77.0.1: the server side of the tunnel's inner addresses. */
export const simServerAddress = 0x0a4d0001;

const ipv4HeaderBytes = 20;
const transportHeaderBytes: Record<TransportProtocol, number> = { tcp: 20, udp: 8 };
const protocolNumber: Record<TransportProtocol, number> = { tcp: 6, udp: 17 };
const measurementBytes = 44;
const magic = 0x42534d31;
const kinds: readonly SimPacketKind[] = ["bulk", "tcp-data", "tcp-ack", "probe", "probe-echo"];
const kindCode: Record<SimPacketKind, number> = {
  bulk: 0,
  "tcp-data": 1,
  "tcp-ack": 2,
  probe: 3,
  "probe-echo": 4,
};

/** Smallest packet that holds the headers and the measurement block. */
export function minSimPacketBytes(protocol: TransportProtocol): number {
  return ipv4HeaderBytes + transportHeaderBytes[protocol] + measurementBytes;
}

/** The fields of one packet; mutable so a sender or parser can reuse one instance for every packet. */
export class SimPacket {
  protocol: TransportProtocol = "udp";
  srcAddress = simClientAddress;
  dstAddress = simServerAddress;
  srcPort = 0;
  dstPort = 0;
  kind: SimPacketKind = "bulk";
  streamId = 0;
  seq = 0;
  ack = 0;
  sentAtMs = 0;
  echoAtMs = 0;
  /** Whole IP packet size, header included. */
  totalBytes = 0;

  /** Turns these fields into those of a reply: addresses and ports swapped. */
  reverse(): void {
    [this.srcAddress, this.dstAddress] = [this.dstAddress, this.srcAddress];
    [this.srcPort, this.dstPort] = [this.dstPort, this.srcPort];
  }
}

const scratchFloat = new Float64Array(1);
const scratchBytes = new Uint8Array(scratchFloat.buffer);
const littleEndianHost = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

/** A new packet of packet.totalBytes (raised to the minimum when smaller), from slab when given. */
export function buildSimPacket(packet: SimPacket, slab?: ByteSlab): Uint8Array {
  const totalBytes = Math.max(packet.totalBytes, minSimPacketBytes(packet.protocol));
  if (totalBytes > 65535) throw new RangeError(`IPv4 packet of ${totalBytes} bytes is over the 65535 limit`);
  const bytes = slab === undefined ? new Uint8Array(totalBytes) : slab.allocate(totalBytes);
  bytes[0] = 0x45;
  writeU16(bytes, 2, totalBytes);
  writeU16(bytes, 4, packet.seq & 0xffff);
  bytes[6] = 0x40; // don't fragment
  bytes[8] = 64;
  bytes[9] = protocolNumber[packet.protocol];
  writeU32(bytes, 12, packet.srcAddress);
  writeU32(bytes, 16, packet.dstAddress);
  writeU16(bytes, 10, ipv4HeaderChecksum(bytes));
  writeU16(bytes, 20, packet.srcPort);
  writeU16(bytes, 22, packet.dstPort);
  if (packet.protocol === "udp") {
    writeU16(bytes, 24, totalBytes - ipv4HeaderBytes);
  } else {
    writeU32(bytes, 24, packet.seq);
    writeU32(bytes, 28, packet.ack);
    bytes[32] = 0x50; // data offset: 5 words
    bytes[33] = packet.kind === "tcp-ack" ? 0x10 : 0x18; // ACK, or PSH+ACK for data
    writeU16(bytes, 34, 0xffff);
  }
  const at = ipv4HeaderBytes + transportHeaderBytes[packet.protocol];
  writeU32(bytes, at, magic);
  bytes[at + 4] = kindCode[packet.kind];
  writeU32(bytes, at + 8, packet.streamId);
  writeF64(bytes, at + 12, packet.seq);
  writeF64(bytes, at + 20, packet.ack);
  writeF64(bytes, at + 28, packet.sentAtMs);
  writeF64(bytes, at + 36, packet.echoAtMs);
  return bytes;
}

/** Fills into from bytes; false (into then unspecified) when bytes is not a packet that buildSimPacket made. */
export function parseSimPacket(bytes: Uint8Array, into: SimPacket): boolean {
  if (bytes.length < ipv4HeaderBytes || bytes[0] !== 0x45) return false;
  const totalBytes = readU16(bytes, 2);
  const protocol = bytes[9] === 6 ? "tcp" : bytes[9] === 17 ? "udp" : undefined;
  if (protocol === undefined || totalBytes > bytes.length || totalBytes < minSimPacketBytes(protocol))
    return false;
  const at = ipv4HeaderBytes + transportHeaderBytes[protocol];
  const kind = kinds[bytes[at + 4]!];
  if (readU32(bytes, at) !== magic || kind === undefined) return false;
  into.protocol = protocol;
  into.totalBytes = totalBytes;
  into.srcAddress = readU32(bytes, 12);
  into.dstAddress = readU32(bytes, 16);
  into.srcPort = readU16(bytes, 20);
  into.dstPort = readU16(bytes, 22);
  into.kind = kind;
  into.streamId = readU32(bytes, at + 8);
  into.seq = readF64(bytes, at + 12);
  into.ack = readF64(bytes, at + 20);
  into.sentAtMs = readF64(bytes, at + 28);
  into.echoAtMs = readF64(bytes, at + 36);
  return true;
}

/** One's-complement sum over the header: the value to store while the field is 0, and 0 once it is right. */
export function ipv4HeaderChecksum(bytes: Uint8Array): number {
  let sum = 0;
  for (let i = 0; i < ipv4HeaderBytes; i += 2) sum += (bytes[i]! << 8) | bytes[i + 1]!;
  while (sum > 0xffff) sum = (sum & 0xffff) + (sum >>> 16);
  return ~sum & 0xffff;
}

/** True when the header checksum verifies (the one's-complement sum over the header is all ones). */
export function ipv4HeaderChecksumValid(bytes: Uint8Array): boolean {
  return bytes.length >= ipv4HeaderBytes && ipv4HeaderChecksum(bytes) === 0;
}

function writeU16(bytes: Uint8Array, at: number, value: number): void {
  bytes[at] = (value >>> 8) & 0xff;
  bytes[at + 1] = value & 0xff;
}

function writeU32(bytes: Uint8Array, at: number, value: number): void {
  bytes[at] = (value >>> 24) & 0xff;
  bytes[at + 1] = (value >>> 16) & 0xff;
  bytes[at + 2] = (value >>> 8) & 0xff;
  bytes[at + 3] = value & 0xff;
}

function readU16(bytes: Uint8Array, at: number): number {
  return (bytes[at]! << 8) | bytes[at + 1]!;
}

function readU32(bytes: Uint8Array, at: number): number {
  return ((bytes[at]! << 24) | (bytes[at + 1]! << 16) | (bytes[at + 2]! << 8) | bytes[at + 3]!) >>> 0;
}

function writeF64(bytes: Uint8Array, at: number, value: number): void {
  scratchFloat[0] = value;
  for (let i = 0; i < 8; i++) bytes[at + i] = scratchBytes[littleEndianHost ? i : 7 - i]!;
}

function readF64(bytes: Uint8Array, at: number): number {
  for (let i = 0; i < 8; i++) scratchBytes[littleEndianHost ? i : 7 - i] = bytes[at + i]!;
  return scratchFloat[0]!;
}
