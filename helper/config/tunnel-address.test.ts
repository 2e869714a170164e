// Client tunnel addresses: the lowest free host address in the server's subnet, never the server's, never taken.
import { describe, expect, it } from "vitest";
import { formatIpv4, nextFreeAddress, parseServerSubnet } from "./tunnel-address";

function subnet(cidr: string) {
  const parsed = parseServerSubnet(cidr);
  if ("error" in parsed) throw new Error(parsed.error);
  return parsed;
}

function next(cidr: string, taken: readonly string[]): string {
  const free = nextFreeAddress(subnet(cidr), taken);
  if (typeof free !== "number") throw new Error(free.error);
  return formatIpv4(free);
}

describe("nextFreeAddress", () => {
  it("hands out .2, .3, ... after a server on .1", () => {
    expect(next("10.88.0.1/24", [])).toBe("10.88.0.2");
    expect(next("10.88.0.1/24", ["10.88.0.2/32"])).toBe("10.88.0.3");
    expect(next("10.88.0.1/24", ["10.88.0.3/32", "10.88.0.2/32"])).toBe("10.88.0.4");
  });

  it("fills gaps left by removed clients, and skips the server wherever it sits", () => {
    expect(next("10.88.0.1/24", ["10.88.0.2/32", "10.88.0.4/32"])).toBe("10.88.0.3");
    expect(next("10.88.0.7/24", [])).toBe("10.88.0.1");
    expect(next("10.88.0.1/24", ["10.88.0.2/32", "10.88.0.3/32", "10.88.0.4/32"].reverse())).toBe(
      "10.88.0.5",
    );
  });

  it("treats a peer's subnet inside ours as taken, and ignores IPv6, other subnets and wide site routes", () => {
    expect(next("10.88.0.1/24", ["10.88.0.0/29"])).toBe("10.88.0.8");
    expect(next("10.88.0.1/24", ["fd00::2/128", "192.168.1.0/24", "10.0.0.0/8", "10.88.1.2/32"])).toBe(
      "10.88.0.2",
    );
    expect(next("10.88.0.1/24", ["10.88.0.2"])).toBe("10.88.0.3");
  });

  it("crosses octet boundaries in a wide subnet", () => {
    const taken = Array.from({ length: 254 }, (_, i) => `10.88.0.${i + 2}/32`);
    expect(next("10.88.0.1/16", taken)).toBe("10.88.1.0");
  });

  it("says when the subnet is full: never the broadcast address", () => {
    expect(next("10.88.0.1/30", [])).toBe("10.88.0.2");
    const full = nextFreeAddress(subnet("10.88.0.1/30"), ["10.88.0.2/32"]);
    expect(full).toEqual({ error: expect.stringContaining("every address in 10.88.0.0/30 is taken") });
    const fullTwentyFour = Array.from({ length: 253 }, (_, i) => `10.88.0.${i + 2}/32`);
    expect(nextFreeAddress(subnet("10.88.0.1/24"), fullTwentyFour)).toHaveProperty("error");
  });
});

describe("parseServerSubnet", () => {
  it.each([
    ["10.88.0.1", "not an IPv4 address with a prefix length"],
    ["10.88.0.256/24", "not an IPv4 address"],
    ["fd00::1/64", "not an IPv4 address"],
    ["10.88.0.1/31", "from /8 to /30"],
    ["10.0.0.1/4", "from /8 to /30"],
    ["10.88.0.0/24", "the subnet's network address; the server needs a host address such as 10.88.0.1/24"],
    ["10.88.0.255/24", "broadcast"],
  ])("refuses %s", (cidr, message) => {
    expect(parseServerSubnet(cidr)).toEqual({ error: expect.stringContaining(message) });
  });
});
