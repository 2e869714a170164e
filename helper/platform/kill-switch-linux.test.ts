import { spawnSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import {
  checkLinuxInterfaceName,
  type KillSwitchSpec,
  killSwitchRuleset,
  killSwitchStartTableName,
} from "./kill-switch-linux";

const kernel = ["lo", "eth0", "wlan-0", "braid0"];
const spec: KillSwitchSpec = {
  tunName: "braid0",
  endpoints: [
    { address: "192.0.2.1", port: 51820 },
    { address: "2001:db8::1", port: 51821 },
  ],
  uplinks: [
    { dev: "eth0", address: "10.0.0.2" },
    { dev: "wlan-0", address: "2001:db8:1::2" },
  ],
  allowLan: false,
};

/** The lines of one chain, so a test can say which chain a rule is in. */
function chain(text: string, name: string): string[] {
  const start = text.indexOf(`  chain ${name} {`);
  return text
    .slice(start, text.indexOf("  }", start))
    .split("\n")
    .map((line) => line.trim());
}

const nftWorks =
  process.getuid?.() === 0 && spawnSync("unshare", ["-n", "nft", "list", "ruleset"]).status === 0;

describe("killSwitchRuleset", () => {
  it("drops everything leaving outside the tunnel except Braid's UDP per uplink and family, DHCP and ND", () => {
    const text = killSwitchRuleset(spec, kernel);
    expect(
      text.startsWith("table inet braid_killswitch_braid0\ndelete table inet braid_killswitch_braid0\n"),
    ).toBe(true);
    const output = chain(text, "output");
    expect(output).toContain("type filter hook output priority filter; policy drop;");
    expect(output).toContain('oifname "lo" accept');
    expect(output).toContain('oifname "braid0" accept');
    // Each uplink only from its own address, only to the endpoint of its family.
    expect(output).toContain('oifname "eth0" ip saddr 10.0.0.2 ip daddr 192.0.2.1 udp dport 51820 accept');
    expect(output).toContain(
      'oifname "wlan-0" ip6 saddr 2001:db8:1::2 ip6 daddr 2001:db8::1 udp dport 51821 accept',
    );
    expect(output.filter((line) => line.includes("saddr"))).toHaveLength(2);
    expect(output).toContain("meta nfproto ipv4 udp sport 68 udp dport 67 accept");
    expect(output.some((line) => line.includes("nd-neighbor-solicit"))).toBe(true);
    const forward = chain(text, "forward");
    expect(forward).toContain("type filter hook forward priority filter; policy drop;");
    expect(forward).toContain('iifname "braid0" ct state established,related accept');
    // Nothing else is accepted: no blanket established rule that would keep old connections outside the tunnel.
    expect(output.filter((line) => line.endsWith("accept"))).toHaveLength(8);
  });

  it("lets LAN traffic out only when asked", () => {
    expect(killSwitchRuleset(spec, kernel)).not.toContain("192.168.0.0/16");
    const text = killSwitchRuleset({ ...spec, allowLan: true }, kernel);
    expect(chain(text, "output").some((line) => line.startsWith("ip daddr { 10.0.0.0/8,"))).toBe(true);
    expect(chain(text, "output").some((line) => line.startsWith("ip6 daddr { fe80::/10,"))).toBe(true);
    expect(chain(text, "forward").some((line) => line.startsWith('iifname != "braid0" ip daddr {'))).toBe(
      true,
    );
  });

  it("keeps blocking with no uplink left (links gone), allowing only loopback, tunnel, DHCP and ND", () => {
    const output = chain(killSwitchRuleset({ ...spec, uplinks: [] }, kernel), "output");
    expect(output.some((line) => line.includes("saddr"))).toBe(false);
    expect(output).toContain("type filter hook output priority filter; policy drop;");
  });

  it("refuses names the kernel would refuse, and names that could break out of the nft quotes", () => {
    expect(() => checkLinuxInterfaceName("")).toThrow(/1 to 15 bytes/);
    expect(() => checkLinuxInterfaceName("a-very-long-name")).toThrow(/1 to 15 bytes/);
    for (const bad of [".", "..", "eth/0", "eth:0", "eth 0", "eth\t0"])
      expect(() => checkLinuxInterfaceName(bad)).toThrow(/not a Linux interface name/);
    for (const bad of ['eth0"', "eth0\\", "eth0;", "eth0{"])
      expect(() => checkLinuxInterfaceName(bad)).toThrow(/cannot put into an nftables rule/);
    expect(checkLinuxInterfaceName("enp0s31f6.100")).toBe("enp0s31f6.100");
    expect(() => killSwitchRuleset({ ...spec, tunName: 'braid0"' }, kernel)).toThrow(/nftables/);
    expect(() =>
      killSwitchRuleset({ ...spec, uplinks: [{ dev: "eth9", address: "10.0.0.2" }] }, kernel),
    ).toThrow(/uplink "eth9" is not on this machine/);
    // The tunnel need not exist yet (the kill switch goes on before the TUN), its name must still be valid.
    expect(killSwitchRuleset({ ...spec, tunName: "braid1" }, kernel)).toContain('oifname "braid1" accept');
    expect(() =>
      killSwitchRuleset({ ...spec, uplinks: [{ dev: "braid0", address: "10.0.0.2" }] }, kernel),
    ).toThrow(/is the tunnel interface itself/);
  });

  it("refuses addresses and ports that are not, and an empty endpoint list", () => {
    const uplink = (address: string) => ({ ...spec, uplinks: [{ dev: "eth0", address }] });
    expect(() => killSwitchRuleset(uplink("10.0.0.256"), kernel)).toThrow(/uplink eth0 address "10.0.0.256"/);
    expect(() => killSwitchRuleset(uplink("10.0.0.2 accept"), kernel)).toThrow(/not an IPv4 or IPv6/);
    expect(() => killSwitchRuleset(uplink("fe80::1%eth0"), kernel)).toThrow(/not an IPv4 or IPv6/);
    const endpoint = (address: string, port: number) => ({ ...spec, endpoints: [{ address, port }] });
    expect(() => killSwitchRuleset(endpoint("server.example", 51820), kernel)).toThrow(/server endpoint/);
    expect(() => killSwitchRuleset(endpoint("192.0.2.1", 0), kernel)).toThrow(/port 0 is not 1 to 65535/);
    expect(() => killSwitchRuleset(endpoint("192.0.2.1", 65536), kernel)).toThrow(/port 65536/);
    expect(() => killSwitchRuleset({ ...spec, endpoints: [] }, kernel)).toThrow(
      /needs the server's endpoint/,
    );
  });

  it("names the start table after the tunnel's own", () => {
    const text = killSwitchRuleset(spec, kernel, killSwitchStartTableName("braid0"));
    expect(text).toContain("table inet braid_killswitch_braid0_start {");
    expect(text).not.toContain("table inet braid_killswitch_braid0 {");
  });

  it.skipIf(!nftWorks)("is accepted by nft (checked with nft -c in a private namespace, root only)", () => {
    for (const allowLan of [false, true]) {
      const text = killSwitchRuleset({ ...spec, allowLan }, kernel);
      const checked = spawnSync("unshare", ["-n", "nft", "-c", "-f", "-"], { input: text, encoding: "utf8" });
      expect(checked.stderr).toBe("");
      expect(checked.status).toBe(0);
    }
  });
});
