import { describe, expect, it } from "vitest";
import { parseInterfaceAddresses, parseRouteVia } from "./uplinks-linux";

const link = (ifname: string, flags: string[], addrs: object[]) => ({ ifname, flags, addr_info: addrs });
const inet = (local: string, scope = "global") => ({ family: "inet", local, prefixlen: 24, scope });

describe("uplink discovery from ip -j output", () => {
  const json = JSON.stringify([
    link("lo", ["LOOPBACK", "UP", "LOWER_UP"], [inet("127.0.0.1", "host")]),
    link(
      "fiber",
      ["BROADCAST", "UP", "LOWER_UP"],
      [{ family: "inet6", local: "fe80::1", scope: "link" }, inet("10.200.0.2")],
    ),
    link("wlan0", ["BROADCAST", "UP"], [inet("10.200.1.2")]), // no carrier
    link("lte", ["POINTOPOINT", "UP", "LOWER_UP"], [inet("10.200.2.2")]),
    link("braid0", ["POINTOPOINT", "UP", "LOWER_UP"], [inet("10.66.0.2")]),
    link("sat", ["UP", "LOWER_UP"], [inet("10.200.3.2")]),
    link("dummy", ["UP", "LOWER_UP"], []),
  ]);

  it("keeps up interfaces with a global IPv4 address, never loopback, the tunnel or an excluded one", () => {
    expect(parseInterfaceAddresses(json, { tunName: "braid0", exclude: ["sat"] })).toEqual([
      { dev: "fiber", address: "10.200.0.2" },
      { dev: "lte", address: "10.200.2.2" },
    ]);
  });

  it("refuses output that is not ip's JSON array", () => {
    expect(() => parseInterfaceAddresses("{}", { tunName: "braid0", exclude: [] })).toThrow(/JSON array/);
  });

  it("reads the gateway, on-link routes, and routes that leave by another device or nowhere", () => {
    const via = '[{"dst":"10.201.0.2","gateway":"10.200.0.1","dev":"fiber","prefsrc":"10.200.0.2"}]';
    expect(parseRouteVia(via, "fiber")).toEqual({ reachable: true, gateway: "10.200.0.1" });
    expect(parseRouteVia('[{"dst":"10.201.0.2","dev":"fiber"}]', "fiber")).toEqual({ reachable: true });
    expect(parseRouteVia(via, "lte")).toEqual({ reachable: false });
    expect(
      parseRouteVia('[{"type":"unreachable","dst":"10.201.0.2","dev":"fiber"}]', "fiber").reachable,
    ).toBe(false);
    expect(parseRouteVia("[]", "fiber").reachable).toBe(false);
  });
});
