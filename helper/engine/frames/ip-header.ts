// Reads what flow classification needs from an IPv4/IPv6 header: bounded, allocation-free, never throws.

import { readU16, readU32 } from "./wire-ints";

export const ipProtocol = {
  icmp: 1,
  tcp: 6,
  udp: 17,
  ipv6HopByHop: 0,
  ipv6Routing: 43,
  ipv6Fragment: 44,
  esp: 50,
  ah: 51,
  icmpv6: 58,
  ipv6NoNext: 59,
  ipv6DestinationOptions: 60,
  ipv6Mobility: 135,
  hip: 139,
  shim6: 140,
} as const;

const ipv4MinHeaderBytes = 20;
const ipv6HeaderBytes = 40;
/** More than this many IPv6 extension headers is not real traffic; stop and classify by addresses and protocol. */
const maxIpv6ExtensionHeaders = 8;

/**
 * The parsed header fields, filled in place so that per-packet parsing allocates nothing. Only meaningful while
 * `valid`; addresses are offsets into the packet that was parsed.
 */
export class IpHeader {
  valid = false;
  ipVersion: 4 | 6 = 4;
  /** Upper-layer protocol; for IPv6, the header where extension-header parsing stopped. */
  protocol = 0;
  srcOffset = 0;
  dstOffset = 0;
  addressBytes = 4;
  /** Part of a fragmented datagram (first or later fragment); atomic IPv6 fragments are not. */
  isFragment = false;
  /** IPv4 identification (16 bits) or IPv6 fragment identification (32 bits). */
  fragmentId = 0;
  /** TCP/UDP with the port fields present (a first fragment or an unfragmented packet). */
  hasPorts = false;
  srcPort = 0;
  dstPort = 0;
}

/** The IP packet's own length from its header, or 0 when the bytes do not hold a whole IPv4/IPv6 packet. */
export function ipPacketLengthBytes(bytes: Uint8Array): number {
  const version = bytes.length > 0 ? bytes[0]! >>> 4 : 0;
  if (version === 4) {
    if (bytes.length < ipv4MinHeaderBytes) return 0;
    const totalBytes = readU16(bytes, 2);
    const headerBytes = (bytes[0]! & 0x0f) * 4;
    if (headerBytes < ipv4MinHeaderBytes || totalBytes < headerBytes || totalBytes > bytes.length) return 0;
    return totalBytes;
  }
  if (version === 6) {
    if (bytes.length < ipv6HeaderBytes) return 0;
    // Payload length 0 means a jumbogram, which never crosses a tunnel with a normal MTU.
    const payloadBytes = readU16(bytes, 4);
    const totalBytes = ipv6HeaderBytes + payloadBytes;
    if (payloadBytes === 0 || totalBytes > bytes.length) return 0;
    return totalBytes;
  }
  return 0;
}

/** Why ipPacketLengthBytes returned 0; only for error reports, so it may allocate. */
export function describeIpLengthProblem(bytes: Uint8Array): string {
  const version = bytes.length > 0 ? bytes[0]! >>> 4 : 0;
  if (version !== 4 && version !== 6) return `IP version ${version} is neither 4 nor 6`;
  const minBytes = version === 4 ? ipv4MinHeaderBytes : ipv6HeaderBytes;
  if (bytes.length < minBytes) return `IPv${version} header needs ${minBytes} bytes, got ${bytes.length}`;
  return `IPv${version} length field does not fit the ${bytes.length} bytes received`;
}

/** Fills `into` from the packet's header; returns into.valid. Garbage and truncated headers give valid = false. */
export function parseIpHeader(packet: Uint8Array, into: IpHeader): boolean {
  into.valid = false;
  into.isFragment = false;
  into.fragmentId = 0;
  into.hasPorts = false;
  into.srcPort = 0;
  into.dstPort = 0;
  const version = packet.length > 0 ? packet[0]! >>> 4 : 0;
  let transportOffset: number;
  let mayHavePorts: boolean;
  if (version === 4) {
    const headerBytes = (packet[0]! & 0x0f) * 4;
    if (
      packet.length < ipv4MinHeaderBytes ||
      headerBytes < ipv4MinHeaderBytes ||
      headerBytes > packet.length
    ) {
      return false;
    }
    into.ipVersion = 4;
    into.protocol = packet[9]!;
    into.srcOffset = 12;
    into.dstOffset = 16;
    into.addressBytes = 4;
    const moreFragments = (packet[6]! & 0x20) !== 0;
    const fragmentOffset = readU16(packet, 6) & 0x1fff;
    if (moreFragments || fragmentOffset !== 0) {
      into.isFragment = true;
      into.fragmentId = readU16(packet, 4);
    }
    transportOffset = headerBytes;
    mayHavePorts = fragmentOffset === 0;
  } else if (version === 6) {
    if (packet.length < ipv6HeaderBytes) return false;
    into.ipVersion = 6;
    into.srcOffset = 8;
    into.dstOffset = 24;
    into.addressBytes = 16;
    const end = skipIpv6ExtensionHeaders(packet, into);
    transportOffset = end;
    mayHavePorts = end > 0;
  } else {
    return false;
  }
  into.valid = true;
  const isTcpOrUdp = into.protocol === ipProtocol.tcp || into.protocol === ipProtocol.udp;
  if (isTcpOrUdp && mayHavePorts && transportOffset + 4 <= packet.length) {
    into.hasPorts = true;
    into.srcPort = readU16(packet, transportOffset);
    into.dstPort = readU16(packet, transportOffset + 2);
  }
  return true;
}

/**
 * Walks IPv6 extension headers, setting into.protocol to the upper-layer protocol and fragment fields. Returns
 * the upper-layer header's offset, or 0 when ports cannot be read there (a later fragment, ESP, a truncated or
 * over-long chain); into.protocol then names the header where the walk stopped.
 */
function skipIpv6ExtensionHeaders(packet: Uint8Array, into: IpHeader): number {
  let next = packet[6]!;
  let offset = ipv6HeaderBytes;
  for (let seen = 0; seen < maxIpv6ExtensionHeaders; seen++) {
    let headerBytes: number;
    switch (next) {
      case ipProtocol.ipv6HopByHop:
      case ipProtocol.ipv6Routing:
      case ipProtocol.ipv6DestinationOptions:
      case ipProtocol.ipv6Mobility:
      case ipProtocol.hip:
      case ipProtocol.shim6:
        if (offset + 2 > packet.length) return stopAt(into, next);
        headerBytes = (packet[offset + 1]! + 1) * 8;
        break;
      case ipProtocol.ah:
        if (offset + 2 > packet.length) return stopAt(into, next);
        headerBytes = (packet[offset + 1]! + 2) * 4;
        break;
      case ipProtocol.ipv6Fragment: {
        if (offset + 8 > packet.length) return stopAt(into, next);
        const offsetAndFlags = readU16(packet, offset + 2);
        const fragmentOffset = offsetAndFlags >>> 3;
        const moreFragments = (offsetAndFlags & 1) !== 0;
        // An atomic fragment (offset 0, no more fragments) is a whole datagram (RFC 6946).
        if (fragmentOffset !== 0 || moreFragments) {
          into.isFragment = true;
          into.fragmentId = readU32(packet, offset + 4);
        }
        if (fragmentOffset !== 0) return stopAt(into, packet[offset]!);
        headerBytes = 8;
        break;
      }
      default:
        into.protocol = next;
        return offset;
    }
    next = packet[offset]!;
    offset += headerBytes;
    if (offset > packet.length) return stopAt(into, next);
  }
  return stopAt(into, next);
}

function stopAt(into: IpHeader, protocol: number): number {
  into.protocol = protocol;
  return 0;
}
