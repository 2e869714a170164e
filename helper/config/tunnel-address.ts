// Tunnel addresses for a server's clients: the server's IPv4 subnet, and the next host address no peer holds yet.

export interface Ipv4Subnet {
  /** The server's own address in the subnet, as a 32-bit number. */
  readonly hostAddress: number;
  readonly prefixLength: number;
}

const MIN_PREFIX_LENGTH = 8; // 16 million clients is plenty; shorter prefixes are almost surely a typo
const MAX_PREFIX_LENGTH = 30; // a /30 still has room for the server and one client

export function formatIpv4(address: number): string {
  return [24, 16, 8, 0].map((shift) => (address >>> shift) & 0xff).join(".");
}

export function parseIpv4(text: string): number | undefined {
  const match = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(text);
  if (!match) return undefined;
  const parts = match.slice(1).map(Number);
  if (parts.some((part) => part > 255)) return undefined;
  return parts.reduce((acc, part) => acc * 256 + part, 0);
}

function maskOf(prefixLength: number): number {
  return prefixLength === 0 ? 0 : (0xffffffff << (32 - prefixLength)) >>> 0;
}

function rangeOf(address: number, prefixLength: number): { first: number; last: number } {
  const network = (address & maskOf(prefixLength)) >>> 0;
  return { first: network, last: (network | ~maskOf(prefixLength)) >>> 0 };
}

/** The server's Address for `braid server init --address`: an IPv4 host address with a /8../30 prefix. */
export function parseServerSubnet(cidr: string): Ipv4Subnet | { readonly error: string } {
  const [addressText, lengthText, extra] = cidr.split("/");
  const address = parseIpv4(addressText ?? "");
  if (address === undefined || lengthText === undefined || extra !== undefined || !/^\d+$/.test(lengthText))
    return { error: `"${cidr}" is not an IPv4 address with a prefix length, e.g. 10.88.0.1/24` };
  const prefixLength = Number(lengthText);
  if (prefixLength < MIN_PREFIX_LENGTH || prefixLength > MAX_PREFIX_LENGTH)
    return {
      error: `"${cidr}": use a prefix length from /${MIN_PREFIX_LENGTH} to /${MAX_PREFIX_LENGTH} (e.g. /24)`,
    };
  const { first, last } = rangeOf(address, prefixLength);
  if (address === first || address === last)
    return {
      error: `"${cidr}" is the subnet's ${address === first ? "network" : "broadcast"} address; the server needs a host address such as ${formatIpv4(first + 1)}/${prefixLength}`,
    };
  return { hostAddress: address, prefixLength };
}

/**
 * The lowest host address in the server's subnet that is neither the server's nor inside any peer's AllowedIPs
 * (IPv4 entries; IPv6 ones are ignored here), or an error saying the subnet is full.
 */
export function nextFreeAddress(
  subnet: Ipv4Subnet,
  peerAllowedIps: readonly string[],
): number | { error: string } {
  const { first, last } = rangeOf(subnet.hostAddress, subnet.prefixLength);
  const taken: { first: number; last: number }[] = [{ first: subnet.hostAddress, last: subnet.hostAddress }];
  for (const cidr of peerAllowedIps) {
    const [addressText, lengthText] = cidr.split("/");
    const address = parseIpv4(addressText ?? "");
    if (address === undefined) continue;
    const length = lengthText === undefined ? 32 : Number(lengthText);
    // A prefix wider than the subnet is a route to a site behind that peer, not a client's address.
    if (length >= subnet.prefixLength) taken.push(rangeOf(address, length));
  }
  taken.sort((a, b) => a.first - b.first);
  let candidate = first + 1;
  for (const range of taken) {
    if (range.last < candidate) continue;
    if (range.first > candidate) break;
    candidate = range.last + 1;
  }
  if (candidate >= last)
    return {
      error: `every address in ${formatIpv4(first)}/${subnet.prefixLength} is taken; give the server a wider Address (e.g. /16)`,
    };
  return candidate;
}
