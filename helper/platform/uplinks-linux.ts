// Finds the client's uplinks on Linux: interfaces that are up, carry an IPv4 address and have a route to the server.
import { runIp } from "../runtime/ip-command";

export interface Uplink {
  readonly dev: string;
  /** The interface's own IPv4 address: the UDP socket binds to it and a source rule steers it out of `dev`. */
  readonly address: string;
  /** Next hop towards the server through this interface; undefined when the server is on-link. */
  readonly gateway?: string;
}

export interface InterfaceAddress {
  readonly dev: string;
  readonly address: string;
}

export interface UplinkFilter {
  /** The tunnel's own device, never an uplink. */
  readonly tunName: string;
  readonly exclude: readonly string[];
}

/** `ip -j addr show` → up, non-loopback interfaces with their first global IPv4 address. */
export function parseInterfaceAddresses(json: string, filter: UplinkFilter): InterfaceAddress[] {
  const parsed: unknown = JSON.parse(json);
  if (!Array.isArray(parsed)) throw new Error("ip -j addr show: expected a JSON array");
  const found: InterfaceAddress[] = [];
  for (const entry of parsed as unknown[]) {
    if (typeof entry !== "object" || entry === null) continue;
    const link = entry as { ifname?: unknown; flags?: unknown; addr_info?: unknown };
    if (typeof link.ifname !== "string" || !Array.isArray(link.flags) || !Array.isArray(link.addr_info))
      continue;
    const flags = link.flags as unknown[];
    if (flags.includes("LOOPBACK") || !flags.includes("UP") || !flags.includes("LOWER_UP")) continue;
    if (link.ifname === filter.tunName || filter.exclude.includes(link.ifname)) continue;
    const inet = (link.addr_info as { family?: unknown; local?: unknown; scope?: unknown }[]).find(
      (info) => info.family === "inet" && info.scope === "global" && typeof info.local === "string",
    );
    if (inet) found.push({ dev: link.ifname, address: inet.local as string });
  }
  return found;
}

/** `ip -j route get ADDR oif DEV` → the gateway, or undefined when on-link; undefined route when unreachable. */
export function parseRouteVia(json: string, dev: string): { reachable: boolean; gateway?: string } {
  const parsed: unknown = JSON.parse(json);
  const route = Array.isArray(parsed)
    ? (parsed[0] as { dev?: unknown; gateway?: unknown; type?: unknown })
    : undefined;
  if (!route || route.dev !== dev || (route.type !== undefined && route.type !== "unicast"))
    return { reachable: false };
  return typeof route.gateway === "string"
    ? { reachable: true, gateway: route.gateway }
    : { reachable: true };
}

/** Every interface through which the kernel can reach `endpoint`, in the kernel's interface order. */
export async function discoverUplinks(endpoint: string, filter: UplinkFilter): Promise<Uplink[]> {
  const candidates = parseInterfaceAddresses(await runIp(["-j", "addr", "show"]), filter);
  const uplinks: Uplink[] = [];
  for (const candidate of candidates) {
    // With oif and no route through it, the kernel assumes the endpoint is on-link (any interface with an address
    // would "reach" it: a docker bridge, a LAN-only port); fibmatch fails instead, so only real routes count.
    const routed = await runIp(["route", "get", "fibmatch", endpoint, "oif", candidate.dev]).then(
      () => true,
      () => false,
    );
    if (!routed) continue;
    const json = await runIp(["-j", "route", "get", endpoint, "oif", candidate.dev]).catch(() => "[]");
    const route = parseRouteVia(json, candidate.dev);
    if (!route.reachable) continue;
    uplinks.push(route.gateway === undefined ? candidate : { ...candidate, gateway: route.gateway });
  }
  return uplinks;
}
