// Maps an IP packet to its Braid flow id and latency class: one flow keeps its order; urgent packets can be
// sent redundantly by the Data Distributor.
//
// Flow id (24 bits, the DATA header's width) is a hash of:
//   - TCP/UDP, not fragmented:   IP version, protocol, source and destination address, source and destination port
//   - any fragment (IPv4 MF/offset, IPv6 Fragment header):   version, protocol, addresses, fragment identification,
//     so every fragment of one datagram stays in one flow (the first fragment has ports, the others do not)
//   - everything else (ICMP, GRE, ESP, ...):   version, protocol, addresses
//   - garbage or truncated headers:   the fixed garbageFlowId (never a throw)
// Latency class, first match wins:
//   - "icmp":  IPv4 protocol 1 or IPv6 protocol 58 (ping, path MTU and unreachable messages)
//   - "dns":   TCP or UDP with source or destination port 53 (ports are read from unfragmented packets and
//              first fragments only)
//   - "small": whole IP packet ≤ 128 bytes (pure TCP ACKs, SYNs, keystrokes, VoIP and game frames)
//   - "bulk":  everything else, including garbage
// Latency-sensitive means any class but "bulk".

import { IpHeader, ipProtocol, parseIpHeader } from "./ip-header";

export type LatencyClass = "icmp" | "dns" | "small" | "bulk";

export const smallPacketMaxBytes = 128;
export const garbageFlowId = 0;
const dnsPort = 53;

export interface FlowClassification {
  readonly flowId: number;
  readonly latencyClass: LatencyClass;
  readonly latencySensitive: boolean;
}

const fnvOffsetBasis = 0x811c9dc5;
const fnvPrime = 0x01000193;
// Distinguish the three key shapes so, say, a fragment id never hashes like a port pair.
const keyShapePorts = 1;
const keyShapeFragment = 2;
const keyShapeAddresses = 3;

/** Classifies packets one at a time; the returned object is reused by the next call (no per-packet allocation). */
export class FlowClassifier {
  readonly #header = new IpHeader();
  readonly #result: { flowId: number; latencyClass: LatencyClass; latencySensitive: boolean } = {
    flowId: garbageFlowId,
    latencyClass: "bulk",
    latencySensitive: false,
  };

  classify(packet: Uint8Array): FlowClassification {
    const header = this.#header;
    const result = this.#result;
    if (!parseIpHeader(packet, header)) {
      result.flowId = garbageFlowId;
      result.latencyClass = "bulk";
      result.latencySensitive = false;
      return result;
    }
    result.flowId = flowIdOf(packet, header);
    result.latencyClass = latencyClassOf(packet, header);
    result.latencySensitive = result.latencyClass !== "bulk";
    return result;
  }
}

function flowIdOf(packet: Uint8Array, header: IpHeader): number {
  let hash = mixByte(fnvOffsetBasis, header.ipVersion);
  hash = mixByte(hash, header.protocol);
  hash = mixBytes(hash, packet, header.srcOffset, header.addressBytes);
  hash = mixBytes(hash, packet, header.dstOffset, header.addressBytes);
  if (header.isFragment) {
    hash = mixByte(hash, keyShapeFragment);
    hash = mixWord(hash, header.fragmentId);
  } else if (header.hasPorts) {
    hash = mixByte(hash, keyShapePorts);
    hash = mixWord(hash, header.srcPort * 0x10000 + header.dstPort);
  } else {
    hash = mixByte(hash, keyShapeAddresses);
  }
  // Fold the 32-bit hash into the DATA header's 24 bits, keeping the well-mixed high byte.
  return ((hash >>> 24) ^ hash) & 0xff_ffff;
}

function latencyClassOf(packet: Uint8Array, header: IpHeader): LatencyClass {
  const icmp = header.ipVersion === 4 ? ipProtocol.icmp : ipProtocol.icmpv6;
  if (header.protocol === icmp) return "icmp";
  if (header.hasPorts && (header.srcPort === dnsPort || header.dstPort === dnsPort)) return "dns";
  if (packet.length <= smallPacketMaxBytes) return "small";
  return "bulk";
}

function mixByte(hash: number, byte: number): number {
  return Math.imul(hash ^ (byte & 0xff), fnvPrime);
}

function mixWord(hash: number, word: number): number {
  let h = mixByte(hash, word >>> 24);
  h = mixByte(h, word >>> 16);
  h = mixByte(h, word >>> 8);
  return mixByte(h, word);
}

function mixBytes(hash: number, bytes: Uint8Array, offset: number, length: number): number {
  let h = hash;
  for (let i = offset; i < offset + length; i++) h = mixByte(h, bytes[i]!);
  return h;
}
