import { describe, expect, it } from "vitest";
import { describeDns, parseDnsEntries, resolvConfText } from "./dns-settings";

describe("parseDnsEntries", () => {
  it("splits addresses (v4 and v6) from search domains, keeping profile order", () => {
    expect(parseDnsEntries(["10.77.0.53", "lab.example", "fd00::53", "corp.example."])).toEqual({
      servers: ["10.77.0.53", "fd00::53"],
      searchDomains: ["lab.example", "corp.example"],
    });
  });

  it.each([
    ["10.0.0.1; rm -rf /", /"10.0.0.1; rm -rf \/" is neither an IP address nor a domain name/],
    ["bad name", /"bad name" is neither/],
    ["-lead.example", /neither/],
    ["a..b", /neither/],
    ["10.0.0.1\nnameserver 6.6.6.6", /neither/],
    [`${"a".repeat(64)}.example`, /neither/],
  ])("refuses %j, which would become a line of the resolver's file", (entry, message) => {
    expect(() => parseDnsEntries([entry])).toThrow(message);
  });

  it("refuses search domains without a server, saying what to add", () => {
    expect(() => parseDnsEntries(["lab.example"])).toThrow(/names no server address; add one/);
  });
});

describe("resolvConfText", () => {
  it("writes the header naming the tunnel, the servers, then one search line", () => {
    const settings = parseDnsEntries(["10.77.0.53", "fd00::53", "lab.example", "corp.example"]);
    expect(resolvConfText("braid0", settings)).toBe(
      "# written by braid up for braid0; restored when it stops\n" +
        "nameserver 10.77.0.53\nnameserver fd00::53\nsearch lab.example corp.example\n",
    );
    expect(describeDns(settings)).toBe("10.77.0.53, fd00::53, search lab.example corp.example");
  });

  it("has no search line when the profile names no domain", () => {
    expect(resolvConfText("braid1", parseDnsEntries(["10.0.0.1"]))).toBe(
      "# written by braid up for braid1; restored when it stops\nnameserver 10.0.0.1\n",
    );
  });
});
