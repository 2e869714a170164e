import { describe, expect, it } from "vitest";
import { natRuleset } from "./nat-linux";

const kernel = ["lo", "eth0", "braid0"];

describe("natRuleset", () => {
  it("masquerades each client prefix out of the internet-facing interfaces in our own table", () => {
    const text = natRuleset(
      { tunName: "braid0", clientPrefixes: ["10.8.0.2/32", "fd00::2/128"], outInterfaces: ["eth0"] },
      kernel,
    );
    expect(text).toContain("table inet braid_nat_braid0 {");
    expect(text).toContain('ip saddr 10.8.0.2/32 oifname { "eth0" } masquerade');
    expect(text).toContain('ip6 saddr fd00::2/128 oifname { "eth0" } masquerade');
    expect(text).toContain('iifname "braid0" accept');
  });

  it("refuses an interface the kernel does not have, and one that would break the nft text", () => {
    const spec = { tunName: "braid0", clientPrefixes: ["10.8.0.2/32"] };
    expect(() => natRuleset({ ...spec, outInterfaces: ["eth9"] }, kernel)).toThrow(/no interface "eth9"/);
    expect(() => natRuleset({ ...spec, outInterfaces: ['eth0" accept'] }, kernel)).toThrow(
      /not an interface name/,
    );
  });

  it("refuses a prefix that is not one", () => {
    expect(() =>
      natRuleset({ tunName: "braid0", clientPrefixes: ["10.8.0.2/33"], outInterfaces: ["eth0"] }, kernel),
    ).toThrow(/not an IP prefix/);
  });
});
