// The client's kill switch as one nftables ruleset text: outside the tunnel only Braid's own UDP to the server
// (plus loopback, DHCP and IPv6 neighbour discovery) may leave, built from validated values for `nft -f -`.
import { isIPv4, isIPv6 } from "node:net";

export interface KillSwitchEndpoint {
  /** The server's address, IPv4 or IPv6, already resolved (the kill switch cannot look names up). */
  readonly address: string;
  readonly port: number;
}

export interface KillSwitchUplink {
  readonly dev: string;
  /** The address Braid's socket on this uplink is bound to: the only source allowed towards the server. */
  readonly address: string;
}

export interface KillSwitchSpec {
  /** The tunnel's interface: everything routed into it may leave. */
  readonly tunName: string;
  readonly endpoints: readonly KillSwitchEndpoint[];
  /** May be empty (every uplink gone): then only loopback, DHCP and ND leave until one comes back. */
  readonly uplinks: readonly KillSwitchUplink[];
  /** Also let traffic to private, link-local and local multicast addresses out (printers, NAS, casting). */
  readonly allowLan: boolean;
}

// What nft text can carry inside double quotes without escaping, and what table names allow.
const nftSafeName = /^[A-Za-z0-9_.-]+$/;
const IFNAMSIZ = 16;

/**
 * Checks a name against the kernel's rules for interface names (dev_valid_name: 1 to 15 bytes, not "." or "..",
 * no "/", ":" or white space), then against what can be quoted into an nft rule safely.
 */
export function checkLinuxInterfaceName(name: string): string {
  const bytes = Buffer.byteLength(name);
  if (bytes === 0 || bytes >= IFNAMSIZ)
    throw new Error(`"${name}" is not a Linux interface name: it must be 1 to ${IFNAMSIZ - 1} bytes long`);
  if (name === "." || name === ".." || /[/:\s\0]/.test(name))
    throw new Error(
      `"${name}" is not a Linux interface name: "/", ":", white space, "." and ".." are refused`,
    );
  if (!nftSafeName.test(name))
    throw new Error(
      `interface "${name}" has characters the kill switch cannot put into an nftables rule safely (letters, digits, _ . - only); rename the interface or exclude it`,
    );
  return name;
}

/** Our own table, one per tunnel interface; also the name to delete by hand (`nft delete table inet NAME`). */
export function killSwitchTableName(tunName: string): string {
  return `braid_killswitch_${checkLinuxInterfaceName(tunName)}`;
}

/** The table that blocks while a tunnel starts, until its own table is on (see docs/kill-switch.md). */
export function killSwitchStartTableName(tunName: string): string {
  return `${killSwitchTableName(tunName)}_start`;
}

type Family = "ip" | "ip6";

function addressFamily(address: string, what: string): Family {
  // A zone index ("fe80::1%eth0") is valid for sockets but not nft text; a link-local server is not supported.
  if (isIPv4(address)) return "ip";
  if (isIPv6(address) && !address.includes("%")) return "ip6";
  throw new Error(`${what} "${address}" is not an IPv4 or IPv6 address`);
}

function checkPort(port: number, endpoint: string): number {
  if (!Number.isInteger(port) || port < 1 || port > 65535)
    throw new Error(`server endpoint ${endpoint}: port ${port} is not 1 to 65535`);
  return port;
}

const lanIPv4 = [
  "10.0.0.0/8",
  "172.16.0.0/12",
  "192.168.0.0/16",
  "169.254.0.0/16",
  "224.0.0.0/24",
  "239.0.0.0/8",
  "255.255.255.255",
];
const lanIPv6 = ["fe80::/10", "fc00::/7", "ff01::/16", "ff02::/16", "ff05::/16"];

function checkKernelName(name: string, kernelNames: readonly string[], role: string): string {
  checkLinuxInterfaceName(name);
  if (!kernelNames.includes(name))
    throw new Error(`${role} "${name}" is not on this machine (have: ${kernelNames.join(", ")})`);
  return name;
}

/**
 * The whole table, replacing any earlier copy in the same transaction (the `table; delete table` idiom), so an
 * update after an uplink or endpoint change never leaves a moment without the kill switch. Throws before any
 * text is produced when a value is bad, so nothing half-valid is ever applied.
 */
export function killSwitchRuleset(
  spec: KillSwitchSpec,
  kernelNames: readonly string[],
  table = killSwitchTableName(spec.tunName),
): string {
  // The tunnel may not exist yet (the kill switch goes on before the TUN): its name is checked, not looked up.
  const tun = checkLinuxInterfaceName(spec.tunName);
  if (!nftSafeName.test(table)) throw new Error(`"${table}" is not an nft table name`);
  if (spec.endpoints.length === 0)
    throw new Error("the kill switch needs the server's endpoint, or it would block the tunnel itself");
  const endpoints = spec.endpoints.map((endpoint) => {
    const text = `${endpoint.address}:${endpoint.port}`;
    return {
      family: addressFamily(endpoint.address, "server endpoint"),
      address: endpoint.address,
      port: checkPort(endpoint.port, text),
    };
  });
  const braidUdp = spec.uplinks.flatMap((uplink) => {
    const dev = checkKernelName(uplink.dev, kernelNames, "uplink");
    if (dev === tun) throw new Error(`uplink "${dev}" is the tunnel interface itself`);
    const family = addressFamily(uplink.address, `uplink ${dev} address`);
    return endpoints
      .filter((endpoint) => endpoint.family === family)
      .map(
        (endpoint) =>
          `    oifname "${dev}" ${family} saddr ${uplink.address} ${family} daddr ${endpoint.address} udp dport ${endpoint.port} accept`,
      );
  });
  const lan = spec.allowLan
    ? [`ip daddr { ${lanIPv4.join(", ")} }`, `ip6 daddr { ${lanIPv6.join(", ")} }`]
    : [];
  return [
    `table inet ${table}`,
    `delete table inet ${table}`,
    `table inet ${table} {`,
    "  chain output {",
    "    type filter hook output priority filter; policy drop;",
    '    oifname "lo" accept',
    `    oifname "${tun}" accept`,
    ...new Set(braidUdp),
    // DHCP keeps addresses leased; its client ports are privileged, so an unprivileged program cannot use them.
    "    meta nfproto ipv4 udp sport 68 udp dport 67 accept",
    "    meta nfproto ipv6 udp sport 546 udp dport 547 accept",
    // Neighbour and router discovery never leave the link (hop limit 255), MLD reports neither (hop limit 1).
    "    ip6 hoplimit 255 icmpv6 type { nd-router-solicit, nd-neighbor-solicit, nd-neighbor-advert } accept",
    "    ip6 hoplimit 1 icmpv6 type { mld-listener-report, mld-listener-done, mld2-listener-report } accept",
    ...lan.map((match) => `    ${match} accept`),
    "  }",
    "  chain forward {",
    "    type filter hook forward priority filter; policy drop;",
    `    oifname "${tun}" accept`,
    `    iifname "${tun}" ct state established,related accept`,
    ...lan.map((match) => `    iifname != "${tun}" ${match} accept`),
    "  }",
    "}",
    "",
  ].join("\n");
}
