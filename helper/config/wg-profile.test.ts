// The WireGuard profile parser: stock wg-quick configs load; mistakes are refused with line and key named.
import { describe, expect, it } from "vitest";
import { parseWgProfile } from "./wg-profile";

const key = "yAnz5TF+lXXJte14tji3zlMNq+hd2rYUIgJBgB3fBmk=";
const peerKey = "xTIBA5rboUvnH4htodjb6e697QjLERt1NAB4mZqp8Dg=";

const stock = `[Interface]
PrivateKey = ${key}
Address = 10.8.0.2/32, fd00::2/128
DNS = 1.1.1.1
MTU = 1420
PostUp = iptables -A FORWARD -i %i -j ACCEPT

[Peer]
PublicKey = ${peerKey}
PresharedKey = ${key}
Endpoint = vpn.example.com:51820
AllowedIPs = 0.0.0.0/0, ::/0
PersistentKeepalive = 25
`;

describe("parseWgProfile", () => {
  it("loads a stock wg-quick client profile", () => {
    const result = parseWgProfile(stock);
    if (!result.ok) throw new Error(result.error);
    expect(result.profile.interface.addresses).toEqual(["10.8.0.2/32", "fd00::2/128"]);
    expect(result.profile.interface.dns).toEqual(["1.1.1.1"]);
    expect(result.profile.interface.mtuBytes).toBe(1420);
    const [peer] = result.profile.peers;
    expect(peer?.endpoint).toEqual({ host: "vpn.example.com", port: 51820 });
    expect(peer?.allowedIps).toEqual(["0.0.0.0/0", "::/0"]);
    expect(peer?.persistentKeepaliveSec).toBe(25);
    expect(peer?.presharedKey).toHaveLength(32);
  });

  it("loads a server config with many peers and a ListenPort", () => {
    const result = parseWgProfile(
      `[Interface]\nPrivateKey=${key}\nListenPort=51820\nAddress=10.8.0.1/24\n[Peer]\nPublicKey=${peerKey}\nAllowedIPs=10.8.0.2\n[Peer]\nPublicKey=${key}\nAllowedIPs=10.8.0.3/32\nEndpoint=[fd00::1]:51820\n`,
    );
    if (!result.ok) throw new Error(result.error);
    expect(result.profile.interface.listenPort).toBe(51820);
    expect(result.profile.peers.map((peer) => peer.allowedIps)).toEqual([["10.8.0.2/32"], ["10.8.0.3/32"]]);
    expect(result.profile.peers[1]?.endpoint).toEqual({ host: "fd00::1", port: 51820 });
  });

  it("names the line and suggests the key for a misspelling", () => {
    const result = parseWgProfile(`[Interface]\nPrivateKey = ${key}\nAdress = 10.8.0.2/32\n`);
    expect(result).toEqual({
      ok: false,
      error: 'profile line 3: unknown key "Adress" (did you mean "Address"?)',
    });
  });

  it.each([
    [
      `[Interface]\nPrivateKey = abc\n`,
      "profile line 2: PrivateKey: a WireGuard key is 44 base64 characters",
    ],
    [`[Interface]\nPrivateKey = ${key}\nMTU = big\n`, 'profile line 3: MTU: "big" is not a whole number'],
    [
      `[Interface]\nPrivateKey = ${key}\n[Peer]\nPublicKey = ${peerKey}\nEndpoint = host\n`,
      "profile line 5: Endpoint",
    ],
    [
      `[Interface]\nPrivateKey = ${key}\n[Peer]\nPublicKey = ${peerKey}\nAllowedIPs = 10.0.0.0/33\n`,
      "prefix length",
    ],
    [
      `[Interface]\nPrivateKey = ${key}\nDNS = 10.0.0.1, bad name\n`,
      'profile line 3: DNS: "bad name" is neither an IP address nor a domain name',
    ],
    [`[Interfaces]\n`, 'profile line 1: unknown section "[Interfaces]"'],
    [`Address = 10.0.0.1/32\n`, 'profile line 1: "Address" comes before any'],
    [`[Peer]\nPublicKey = ${peerKey}\n`, "no [Interface] section"],
    [`[Interface]\nAddress = 10.0.0.1/32\n`, "profile line 1: [Interface] has no PrivateKey"],
    [
      `[Interface]\nPrivateKey = ${key}\n[Peer]\nAllowedIPs = 10.0.0.0/8\n`,
      "profile line 3: [Peer] has no PublicKey",
    ],
  ])("refuses %j", (text, message) => {
    const result = parseWgProfile(text);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error).toContain(message);
  });
});
