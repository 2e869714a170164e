// Human-readable 5-tuple of an IP packet, for logs, diagnostics and tests (allocates; not for the packet path).

import { IpHeader, parseIpHeader } from "./ip-header";

export interface FlowTuple {
  readonly ipVersion: 4 | 6;
  readonly protocol: number;
  readonly srcAddress: string;
  readonly dstAddress: string;
  /** Present for TCP/UDP when the ports could be read. */
  readonly ports: { readonly src: number; readonly dst: number } | undefined;
  /** Present when the packet is a fragment. */
  readonly fragmentId: number | undefined;
}

/** The packet's tuple as flow-key.ts sees it, or undefined for garbage. */
export function describeFlow(packet: Uint8Array): FlowTuple | undefined {
  const header = new IpHeader();
  if (!parseIpHeader(packet, header)) return undefined;
  const format = header.ipVersion === 4 ? formatIpv4 : formatIpv6;
  return {
    ipVersion: header.ipVersion,
    protocol: header.protocol,
    srcAddress: format(packet, header.srcOffset),
    dstAddress: format(packet, header.dstOffset),
    ports: header.hasPorts ? { src: header.srcPort, dst: header.dstPort } : undefined,
    fragmentId: header.isFragment ? header.fragmentId : undefined,
  };
}

function formatIpv4(bytes: Uint8Array, offset: number): string {
  return Array.from(bytes.subarray(offset, offset + 4)).join(".");
}

/** RFC 5952 text: lowercase hex, the longest run (≥ 2) of zero groups written as "::". */
function formatIpv6(bytes: Uint8Array, offset: number): string {
  const groups: number[] = [];
  for (let i = 0; i < 8; i++) groups.push((bytes[offset + 2 * i]! << 8) | bytes[offset + 2 * i + 1]!);
  let bestStart = -1;
  let bestLength = 1;
  for (let start = 0; start < 8; ) {
    let end = start;
    while (end < 8 && groups[end] === 0) end++;
    if (end - start > bestLength) {
      bestStart = start;
      bestLength = end - start;
    }
    start = end === start ? start + 1 : end;
  }
  const hex = groups.map((g) => g.toString(16));
  if (bestStart < 0) return hex.join(":");
  return `${hex.slice(0, bestStart).join(":")}::${hex.slice(bestStart + bestLength).join(":")}`;
}
