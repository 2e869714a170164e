// Builds real-looking IPv4/IPv6 packets for tests of the frame codec and flow classification.

export interface Ipv4PacketSpec {
  readonly src: readonly number[];
  readonly dst: readonly number[];
  readonly protocol: number;
  readonly totalBytes: number;
  readonly ports?: { readonly src: number; readonly dst: number };
  readonly ident?: number;
  readonly moreFragments?: boolean;
  readonly fragmentOffsetUnits?: number;
}

export function ipv4Packet(spec: Ipv4PacketSpec): Uint8Array {
  const p = new Uint8Array(spec.totalBytes);
  p[0] = 0x45;
  p[2] = spec.totalBytes >>> 8;
  p[3] = spec.totalBytes & 0xff;
  const ident = spec.ident ?? 0x1234;
  p[4] = ident >>> 8;
  p[5] = ident & 0xff;
  const offsetUnits = spec.fragmentOffsetUnits ?? 0;
  const fragmented = spec.moreFragments === true || offsetUnits > 0;
  const flags = fragmented ? (spec.moreFragments ? 0x20 : 0) : 0x40; // unfragmented packets carry DF
  p[6] = flags | (offsetUnits >>> 8);
  p[7] = offsetUnits & 0xff;
  p[8] = 64;
  p[9] = spec.protocol;
  p.set(spec.src, 12);
  p.set(spec.dst, 16);
  if (spec.ports) writePorts(p, 20, spec.ports);
  return p;
}

export interface Ipv6PacketSpec {
  readonly src: string;
  readonly dst: string;
  /** Extension headers to insert, in order, as protocol numbers (0 hop-by-hop, 60 destination options, 44 fragment). */
  readonly extensionHeaders?: readonly number[];
  readonly protocol: number;
  readonly totalBytes: number;
  readonly ports?: { readonly src: number; readonly dst: number };
  readonly fragment?: { readonly id: number; readonly offsetUnits: number; readonly more: boolean };
}

export function ipv6Packet(spec: Ipv6PacketSpec): Uint8Array {
  const p = new Uint8Array(spec.totalBytes);
  p[0] = 0x60;
  const payloadBytes = spec.totalBytes - 40;
  p[4] = payloadBytes >>> 8;
  p[5] = payloadBytes & 0xff;
  p[7] = 64;
  p.set(ipv6Bytes(spec.src), 8);
  p.set(ipv6Bytes(spec.dst), 24);
  const chain = [...(spec.extensionHeaders ?? []), spec.protocol];
  p[6] = chain[0]!;
  let at = 40;
  for (let i = 0; i + 1 < chain.length; i++) {
    p[at] = chain[i + 1]!;
    if (chain[i] === 44) {
      const fragment = spec.fragment ?? { id: 1, offsetUnits: 0, more: false };
      const field = (fragment.offsetUnits << 3) | (fragment.more ? 1 : 0);
      p[at + 2] = field >>> 8;
      p[at + 3] = field & 0xff;
      new DataView(p.buffer).setUint32(at + 4, fragment.id);
    } else {
      p[at + 1] = 0; // 8-byte option header
    }
    at += 8;
  }
  if (spec.ports) writePorts(p, at, spec.ports);
  return p;
}

function writePorts(p: Uint8Array, at: number, ports: { readonly src: number; readonly dst: number }): void {
  p[at] = ports.src >>> 8;
  p[at + 1] = ports.src & 0xff;
  p[at + 2] = ports.dst >>> 8;
  p[at + 3] = ports.dst & 0xff;
}

/** Parses full or "::"-compressed IPv6 text (test inputs only). */
function ipv6Bytes(text: string): Uint8Array {
  const [head = "", tail] = text.split("::");
  const headGroups = head === "" ? [] : head.split(":");
  const tailGroups = tail === undefined || tail === "" ? [] : tail.split(":");
  const zeros = new Array<string>(8 - headGroups.length - tailGroups.length).fill("0");
  const groups = [...headGroups, ...(tail === undefined ? [] : zeros), ...tailGroups];
  const bytes = new Uint8Array(16);
  groups.forEach((g, i) => {
    const v = Number.parseInt(g, 16);
    bytes[2 * i] = v >>> 8;
    bytes[2 * i + 1] = v & 0xff;
  });
  return bytes;
}
