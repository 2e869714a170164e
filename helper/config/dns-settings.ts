// A profile's DNS line as typed values (server addresses, search domains) and the resolv.conf Braid writes from
// them: pure, so what a user's machine will resolve through is checked without root.
import { isIP } from "node:net";

export interface DnsSettings {
  /** IPv4 and IPv6 addresses, in profile order. */
  readonly servers: readonly string[];
  /** Domain names without a trailing dot, in profile order. */
  readonly searchDomains: readonly string[];
}

const labelPattern = /^[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?$/;

function isDomainName(text: string): boolean {
  const name = text.endsWith(".") ? text.slice(0, -1) : text;
  return name.length > 0 && name.length <= 253 && name.split(".").every((label) => labelPattern.test(label));
}

/** What is wrong with one DNS entry, or undefined for an address or a domain name (the profile parser's check). */
export function dnsEntryProblem(entry: string): string | undefined {
  if (isIP(entry) !== 0 || isDomainName(entry)) return undefined;
  return `"${entry}" is neither an IP address nor a domain name; write e.g. DNS = 10.8.0.1, corp.example`;
}

/**
 * Splits DNS entries as wg-quick does (addresses are servers, names are search domains), refusing anything that
 * is neither, since it would end up as a line of the system's resolver configuration.
 */
export function parseDnsEntries(entries: readonly string[]): DnsSettings {
  const servers: string[] = [];
  const searchDomains: string[] = [];
  for (const entry of entries) {
    const problem = dnsEntryProblem(entry);
    if (problem !== undefined) throw new Error(`profile DNS: ${problem}`);
    if (isIP(entry) !== 0) servers.push(entry);
    else searchDomains.push(entry.replace(/\.$/, ""));
  }
  if (servers.length === 0)
    throw new Error(
      `profile DNS: ${entries.join(", ")} names no server address; add one (e.g. DNS = 10.8.0.1${entries.length ? `, ${entries.join(", ")}` : ""})`,
    );
  return { servers, searchDomains };
}

export function resolvConfHeader(tunName: string): string {
  return `# written by braid up for ${tunName}; restored when it stops`;
}

/** The whole file: the header saying whose it is, then nameserver and search lines. */
export function resolvConfText(tunName: string, settings: DnsSettings): string {
  const lines = [resolvConfHeader(tunName), ...settings.servers.map((server) => `nameserver ${server}`)];
  if (settings.searchDomains.length > 0) lines.push(`search ${settings.searchDomains.join(" ")}`);
  return `${lines.join("\n")}\n`;
}

/** For log lines: `10.77.0.53, search lab.example`. */
export function describeDns(settings: DnsSettings): string {
  const search = settings.searchDomains.length > 0 ? `, search ${settings.searchDomains.join(" ")}` : "";
  return `${settings.servers.join(", ")}${search}`;
}
