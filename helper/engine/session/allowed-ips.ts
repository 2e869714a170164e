// WireGuard's cryptokey routing: which peer owns a destination address (longest prefix wins), and whether a
// peer may use a source address.
import { IpHeader, parseIpHeader } from "../frames/ip-header";

export interface Prefix {
  readonly family: 4 | 6;
  /** 4 or 16 bytes, host bits zeroed. */
  readonly bytes: Uint8Array;
  readonly lengthBits: number;
}

interface Route<Owner> {
  readonly prefix: Prefix;
  readonly owner: Owner;
}

/** Parses "10.0.0.0/24" or "fd00::/64"; host bits are cleared as wg does. Returns an error text for bad input. */
export function parsePrefix(text: string): Prefix | string {
  const [address = "", lengthText, extra] = text.trim().split("/");
  if (extra !== undefined) return `"${text}" has more than one "/"`;
  const bytes = address.includes(":") ? parseIpv6(address) : parseIpv4(address);
  if (!bytes) return `"${address}" is not an IPv4 or IPv6 address`;
  const maxBits = bytes.length * 8;
  const lengthBits = lengthText === undefined ? maxBits : Number(lengthText);
  if (!Number.isInteger(lengthBits) || lengthBits < 0 || lengthBits > maxBits || lengthText === "") {
    return `prefix length "${lengthText}" must be 0..${maxBits}`;
  }
  for (let bit = lengthBits; bit < maxBits; bit++)
    bytes[bit >> 3] = (bytes[bit >> 3] ?? 0) & ~(0x80 >> (bit & 7));
  return { family: bytes.length === 4 ? 4 : 6, bytes, lengthBits };
}

function parseIpv4(text: string): Uint8Array | undefined {
  const parts = text.split(".");
  if (parts.length !== 4) return undefined;
  const bytes = new Uint8Array(4);
  for (let i = 0; i < 4; i++) {
    const part = parts[i] ?? "";
    if (!/^\d{1,3}$/.test(part) || Number(part) > 255) return undefined;
    bytes[i] = Number(part);
  }
  return bytes;
}

function parseIpv6(text: string): Uint8Array | undefined {
  const halves = text.split("::");
  if (halves.length > 2) return undefined;
  const groups = (part: string | undefined) => (part ? part.split(":") : []);
  const head = groups(halves[0]);
  const tail = groups(halves[1]);
  const missing = 8 - head.length - tail.length;
  if (halves.length === 1 ? missing !== 0 : missing < 1) return undefined;
  const all = [...head, ...new Array<string>(halves.length === 2 ? missing : 0).fill("0"), ...tail];
  const bytes = new Uint8Array(16);
  for (let i = 0; i < 8; i++) {
    const group = all[i] ?? "";
    if (!/^[0-9a-fA-F]{1,4}$/.test(group)) return undefined;
    const value = Number.parseInt(group, 16);
    bytes[i * 2] = value >> 8;
    bytes[i * 2 + 1] = value & 0xff;
  }
  return bytes;
}

function matches(prefix: Prefix, address: Uint8Array, offset: number): boolean {
  const full = prefix.lengthBits >> 3;
  for (let i = 0; i < full; i++) if (address[offset + i] !== prefix.bytes[i]) return false;
  const rest = prefix.lengthBits & 7;
  if (rest === 0) return true;
  const mask = (0xff << (8 - rest)) & 0xff;
  return ((address[offset + full] ?? 0) & mask) === (prefix.bytes[full] ?? 0);
}

/** Routes kept sorted longest-first, so the first match is the longest; fine for the tens of peers a Braid server has. */
export class AllowedIps<Owner> {
  private routes: Route<Owner>[] = [];
  private readonly header = new IpHeader();

  add(prefix: Prefix, owner: Owner): void {
    this.routes = this.routes.filter(
      (r) =>
        !(
          r.prefix.family === prefix.family &&
          r.prefix.lengthBits === prefix.lengthBits &&
          matches(r.prefix, prefix.bytes, 0)
        ),
    );
    this.routes.push({ prefix, owner });
    this.routes.sort((a, b) => b.prefix.lengthBits - a.prefix.lengthBits);
  }

  removeOwner(owner: Owner): void {
    this.routes = this.routes.filter((r) => r.owner !== owner);
  }

  /** The owner of the packet's destination (outbound) or source (inbound check) address. */
  lookup(packet: Uint8Array, which: "destination" | "source"): Owner | undefined {
    if (!parseIpHeader(packet, this.header)) return undefined;
    const family = this.header.ipVersion;
    const offset = which === "destination" ? this.header.dstOffset : this.header.srcOffset;
    for (const route of this.routes) {
      if (route.prefix.family === family && matches(route.prefix, packet, offset)) return route.owner;
    }
    return undefined;
  }
}
