// The server's NAT as one nftables ruleset text (masquerade tunnel clients out of the internet-facing interfaces,
// accept their forwarded traffic), built from validated values only, for `nft -f -` to apply atomically.
import { isIPv4, isIPv6 } from "node:net";

export interface NatSpec {
  readonly tunName: string;
  /** Client prefixes (peers' AllowedIPs), e.g. "10.8.0.2/32", "fd00::2/128". */
  readonly clientPrefixes: readonly string[];
  /** Internet-facing interfaces. */
  readonly outInterfaces: readonly string[];
}

const interfaceNamePattern = /^[A-Za-z0-9_.-]{1,15}$/;

/** Our own table, one per tunnel interface, so two servers never delete each other's NAT. */
export function natTableName(tunName: string): string {
  return `braid_nat_${checkInterfaceName(tunName, [tunName]).replace(/[.-]/g, "_")}`;
}

/** Refuses a name the kernel does not have, or one that could not be quoted safely into nft text. */
export function checkInterfaceName(name: string, kernelNames: readonly string[]): string {
  if (!interfaceNamePattern.test(name))
    throw new Error(`"${name}" is not an interface name (letters, digits, _ . - and at most 15 of them)`);
  if (!kernelNames.includes(name))
    throw new Error(`no interface "${name}" on this machine (have: ${kernelNames.join(", ")})`);
  return name;
}

function checkPrefix(text: string): { family: "ip" | "ip6"; prefix: string } {
  const [address = "", bits, extra] = text.split("/");
  const family = isIPv4(address) ? "ip" : isIPv6(address) ? "ip6" : undefined;
  const maxBits = family === "ip" ? 32 : 128;
  if (
    !family ||
    extra !== undefined ||
    bits === undefined ||
    !/^\d{1,3}$/.test(bits) ||
    Number(bits) > maxBits
  )
    throw new Error(`"${text}" is not an IP prefix (e.g. 10.8.0.2/32)`);
  return { family, prefix: `${address}/${Number(bits)}` };
}

/** The whole table, replacing any earlier copy in the same transaction (the `table; delete table` idiom). */
export function natRuleset(spec: NatSpec, kernelNames: readonly string[]): string {
  const tun = checkInterfaceName(spec.tunName, kernelNames);
  const outs = spec.outInterfaces.map((name) => `"${checkInterfaceName(name, kernelNames)}"`);
  if (outs.length === 0) throw new Error("no internet-facing interface for NAT; name one, or use --no-nat");
  const table = natTableName(tun);
  const masquerade = spec.clientPrefixes
    .map(checkPrefix)
    .map(({ family, prefix }) => `    ${family} saddr ${prefix} oifname { ${outs.join(", ")} } masquerade`);
  return [
    `table inet ${table}`,
    `delete table inet ${table}`,
    `table inet ${table} {`,
    "  chain postrouting {",
    "    type nat hook postrouting priority srcnat; policy accept;",
    ...masquerade,
    "  }",
    "  chain forward {",
    "    type filter hook forward priority filter; policy accept;",
    `    iifname "${tun}" accept`,
    `    oifname "${tun}" ct state established,related accept`,
    "  }",
    "}",
    "",
  ].join("\n");
}
