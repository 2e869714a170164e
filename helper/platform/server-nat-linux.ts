// Sets up the server's way to the internet for its clients: the NAT table and IP forwarding, both journaled.
import { readFileSync } from "node:fs";
import { runIp } from "../runtime/ip-command";
import type { SystemChanges } from "../runtime/system-journal";
import { natRuleset, natTableName } from "./nat-linux";

function ifnames(json: string, key: "ifname" | "dev"): string[] {
  const parsed: unknown = JSON.parse(json);
  if (!Array.isArray(parsed)) return [];
  return parsed.flatMap((entry) => {
    const value = (entry as Record<string, unknown>)[key];
    return typeof value === "string" ? [value] : [];
  });
}

/**
 * Masquerades the clients' prefixes out of the interfaces that carry the default routes and turns on forwarding;
 * each change's undo goes into the journal first, so stop, failure and a crash all put things back. Returns the
 * interfaces NATed out of (none without a default route).
 */
export async function applyServerNat(
  changes: SystemChanges,
  tunName: string,
  clientPrefixes: readonly string[],
): Promise<string[]> {
  const kernelNames = ifnames(await runIp(["-j", "link", "show"]), "ifname");
  const defaults = [
    ...ifnames(await runIp(["-j", "-4", "route", "show", "default"]), "dev"),
    ...ifnames(await runIp(["-j", "-6", "route", "show", "default"]), "dev"),
  ];
  const outInterfaces = [...new Set(defaults)].filter((name) => name !== tunName);
  // No default route: nothing to masquerade out of; clients still reach this machine and the networks it routes.
  if (outInterfaces.length === 0) return [];
  const ruleset = natRuleset({ tunName, clientPrefixes, outInterfaces }, kernelNames);
  const table = natTableName(tunName);
  await changes.change(
    `nft table inet ${table}`,
    { kind: "run", argv: ["nft", "-f", "-"], stdin: ruleset },
    { kind: "run", argv: ["nft", "delete", "table", "inet", table] },
  );
  const families = [
    {
      key: "net.ipv4.ip_forward",
      file: "/proc/sys/net/ipv4/ip_forward",
      used: clientPrefixes.some((p) => !p.includes(":")),
    },
    {
      key: "net.ipv6.conf.all.forwarding",
      file: "/proc/sys/net/ipv6/conf/all/forwarding",
      used: clientPrefixes.some((p) => p.includes(":")),
    },
  ];
  for (const family of families.filter((f) => f.used)) {
    const previous = readFileSync(family.file, "utf8").trim();
    if (previous === "1") continue;
    await changes.change(
      `${family.key}=1`,
      { kind: "sysctl", key: family.key, value: "1" },
      { kind: "sysctl", key: family.key, value: previous },
    );
  }
  return outInterfaces;
}
