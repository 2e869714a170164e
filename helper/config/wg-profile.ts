// WireGuard's config format (wg-quick profiles and server configs): parsed into typed values, refusing what is
// wrong with the line and key named, so a stock wg-quick config works unchanged.
import { dnsEntryProblem } from "./dns-settings";
import { parseWireGuardKey } from "./wireguard-key";

export interface WgInterface {
  readonly privateKey: Uint8Array;
  /** CIDR addresses, e.g. "10.8.0.2/32", "fd00::2/128". */
  readonly addresses: readonly string[];
  readonly dns: readonly string[];
  readonly mtuBytes?: number;
  readonly listenPort?: number;
}

export interface WgPeer {
  readonly publicKey: Uint8Array;
  readonly presharedKey?: Uint8Array;
  /** host:port or [v6]:port as written; resolved by the caller. */
  readonly endpoint?: { readonly host: string; readonly port: number };
  readonly allowedIps: readonly string[];
  readonly persistentKeepaliveSec?: number;
}

export interface WgProfile {
  readonly interface: WgInterface;
  readonly peers: readonly WgPeer[];
}

export type WgProfileResult =
  | { readonly ok: true; readonly profile: WgProfile }
  | { readonly ok: false; readonly error: string };

export const interfaceKeys = ["PrivateKey", "Address", "DNS", "MTU", "ListenPort"] as const;
export const peerKeys = [
  "PublicKey",
  "PresharedKey",
  "Endpoint",
  "AllowedIPs",
  "PersistentKeepalive",
] as const;
/** wg-quick keys that only matter to wg-quick itself; accepted and ignored so stock profiles load. */
export const ignoredInterfaceKeys = [
  "Table",
  "PreUp",
  "PostUp",
  "PreDown",
  "PostDown",
  "SaveConfig",
  "FwMark",
];

class ProfileError extends Error {}

function editDistance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let diagonal = row[0] ?? 0;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const above = row[j] ?? 0;
      row[j] = Math.min(above + 1, (row[j - 1] ?? 0) + 1, diagonal + (a[i - 1] === b[j - 1] ? 0 : 1));
      diagonal = above;
    }
  }
  return row[b.length] ?? 0;
}

export function suggestion(key: string, known: readonly string[]): string {
  const lower = key.toLowerCase();
  const best = known
    .map((candidate) => ({ candidate, distance: editDistance(lower, candidate.toLowerCase()) }))
    .sort((x, y) => x.distance - y.distance)[0];
  return best && best.distance <= 2
    ? ` (did you mean "${best.candidate}"?)`
    : ` (known: ${known.join(", ")})`;
}

const ipv4Pattern = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/;

function isIpAddress(text: string): boolean {
  const v4 = ipv4Pattern.exec(text);
  if (v4) return v4.slice(1).every((part) => Number(part) <= 255);
  return /^[0-9a-fA-F:]+$/.test(text) && text.includes(":");
}

function parseCidr(text: string, defaultHostBits: boolean): string {
  const [address, bits, extra] = text.split("/");
  if (extra !== undefined || address === undefined || !isIpAddress(address))
    throw new ProfileError(`"${text}" is not an IP address or prefix (e.g. 10.8.0.2/32)`);
  const maxBits = address.includes(":") ? 128 : 32;
  if (bits === undefined) {
    if (!defaultHostBits)
      throw new ProfileError(`"${text}" needs a prefix length (e.g. ${address}/${maxBits})`);
    return `${address}/${maxBits}`;
  }
  const length = Number(bits);
  if (!/^\d+$/.test(bits) || length > maxBits)
    throw new ProfileError(`"${text}" has prefix length "${bits}"; use 0 to ${maxBits}`);
  return `${address}/${length}`;
}

function parseInteger(text: string, min: number, max: number): number {
  if (!/^\d+$/.test(text) || Number(text) < min || Number(text) > max)
    throw new ProfileError(`"${text}" is not a whole number from ${min} to ${max}`);
  return Number(text);
}

function parseKey(text: string): Uint8Array {
  const parsed = parseWireGuardKey(text);
  if (!parsed.ok) throw new ProfileError(parsed.error);
  return parsed.key;
}

function parseEndpoint(text: string): { host: string; port: number } {
  const match = /^\[([^\]]+)\]:(\d+)$/.exec(text) ?? /^([^:[\]]+):(\d+)$/.exec(text);
  if (!match?.[1] || !match[2]) throw new ProfileError(`"${text}" is not host:port (or [IPv6]:port)`);
  return { host: match[1], port: parseInteger(match[2], 1, 65535) };
}

const splitList = (value: string) =>
  value
    .split(",")
    .map((item) => item.trim())
    .filter((item) => item.length > 0);

type Section =
  | { kind: "interface"; line: number; values: Map<string, string> }
  | { kind: "peer"; line: number; values: Map<string, string> };

export function parseWgProfile(text: string): WgProfileResult {
  const sections: Section[] = [];
  let lineNumber = 0;
  let current: Section | undefined;
  try {
    for (const rawLine of text.split(/\r?\n/)) {
      lineNumber++;
      const line = rawLine.replace(/#.*$/, "").trim();
      if (line.length === 0) continue;
      const header = /^\[(.*)\]$/.exec(line);
      if (header) {
        const name = (header[1] ?? "").trim().toLowerCase();
        if (name !== "interface" && name !== "peer")
          throw new ProfileError(`unknown section "[${header[1]}]"; use [Interface] or [Peer]`);
        const section: Section = { kind: name, line: lineNumber, values: new Map() };
        current = section;
        sections.push(section);
        continue;
      }
      const equals = line.indexOf("=");
      if (equals < 0) throw new ProfileError(`"${line}" is not Key = Value`);
      const key = line.slice(0, equals).trim();
      const value = line.slice(equals + 1).trim();
      if (!current) throw new ProfileError(`"${key}" comes before any [Interface] or [Peer] section`);
      const known: readonly string[] = current.kind === "interface" ? interfaceKeys : peerKeys;
      const canonical = known.find((candidate) => candidate.toLowerCase() === key.toLowerCase());
      if (!canonical) {
        if (
          current.kind === "interface" &&
          ignoredInterfaceKeys.some((k) => k.toLowerCase() === key.toLowerCase())
        )
          continue;
        throw new ProfileError(`unknown key "${key}"${suggestion(key, known)}`);
      }
      try {
        validateValue(canonical, value);
      } catch (error) {
        if (error instanceof ProfileError) throw new ProfileError(`${canonical}: ${error.message}`);
        throw error;
      }
      // Address, DNS and AllowedIPs may repeat (wg-quick appends); the others may not.
      const previous = current.values.get(canonical);
      if (previous !== undefined && !["Address", "DNS", "AllowedIPs"].includes(canonical))
        throw new ProfileError(`${canonical} is given twice in this section`);
      current.values.set(canonical, previous === undefined ? value : `${previous},${value}`);
    }
  } catch (error) {
    if (error instanceof ProfileError)
      return { ok: false, error: `profile line ${lineNumber}: ${error.message}` };
    throw error;
  }
  return assemble(sections);
}

function validateValue(key: string, value: string): void {
  switch (key) {
    case "PrivateKey":
    case "PublicKey":
    case "PresharedKey":
      parseKey(value);
      return;
    case "Address":
      for (const item of splitList(value)) parseCidr(item, true);
      return;
    case "AllowedIPs":
      for (const item of splitList(value)) parseCidr(item, true);
      return;
    case "DNS":
      for (const item of splitList(value)) {
        const problem = dnsEntryProblem(item);
        if (problem !== undefined) throw new ProfileError(problem);
      }
      return;
    case "MTU":
      parseInteger(value, 576, 65535);
      return;
    case "ListenPort":
      parseInteger(value, 1, 65535);
      return;
    case "Endpoint":
      parseEndpoint(value);
      return;
    case "PersistentKeepalive":
      if (value.toLowerCase() !== "off") parseInteger(value, 0, 65535);
  }
}

function assemble(sections: readonly Section[]): WgProfileResult {
  const interfaces = sections.filter((section) => section.kind === "interface");
  if (interfaces.length !== 1)
    return {
      ok: false,
      error:
        interfaces.length === 0
          ? "profile: no [Interface] section; add one with PrivateKey and Address"
          : `profile line ${interfaces[1]?.line}: a second [Interface] section; a profile has one`,
    };
  const iface = interfaces[0] as Section;
  const privateKey = iface.values.get("PrivateKey");
  if (privateKey === undefined)
    return {
      ok: false,
      error: `profile line ${iface.line}: [Interface] has no PrivateKey (make one with braid keygen)`,
    };
  const peers: WgPeer[] = [];
  for (const section of sections) {
    if (section.kind !== "peer") continue;
    const values = section.values;
    const publicKey = values.get("PublicKey");
    if (publicKey === undefined)
      return { ok: false, error: `profile line ${section.line}: [Peer] has no PublicKey` };
    const psk = values.get("PresharedKey");
    const endpoint = values.get("Endpoint");
    const keepalive = values.get("PersistentKeepalive");
    const keepaliveSec = keepalive === undefined || keepalive.toLowerCase() === "off" ? 0 : Number(keepalive);
    peers.push({
      publicKey: parseKey(publicKey),
      ...(psk !== undefined ? { presharedKey: parseKey(psk) } : {}),
      ...(endpoint !== undefined ? { endpoint: parseEndpoint(endpoint) } : {}),
      allowedIps: splitList(values.get("AllowedIPs") ?? "").map((item) => parseCidr(item, true)),
      ...(keepaliveSec > 0 ? { persistentKeepaliveSec: keepaliveSec } : {}),
    });
  }
  const mtu = iface.values.get("MTU");
  const listenPort = iface.values.get("ListenPort");
  return {
    ok: true,
    profile: {
      interface: {
        privateKey: parseKey(privateKey),
        addresses: splitList(iface.values.get("Address") ?? "").map((item) => parseCidr(item, true)),
        dns: splitList(iface.values.get("DNS") ?? ""),
        ...(mtu !== undefined ? { mtuBytes: Number(mtu) } : {}),
        ...(listenPort !== undefined ? { listenPort: Number(listenPort) } : {}),
      },
      peers,
    },
  };
}
