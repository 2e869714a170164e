// Braid profiles: Braid's keys in [Interface] or [Braid] become typed settings, stock wg-quick configs load
// unchanged, and every mistake names its line and key.
import { describe, expect, it } from "vitest";
import { parseBraidProfile } from "./braid-profile";
import { interfaceNameProblem } from "./interface-name";
import { parseWgProfile } from "./wg-profile";

const key = "yAnz5TF+lXXJte14tji3zlMNq+hd2rYUIgJBgB3fBmk=";
const peerKey = "xTIBA5rboUvnH4htodjb6e697QjLERt1NAB4mZqp8Dg=";
const peer = `[Peer]\nPublicKey = ${peerKey}\nEndpoint = vpn.example.com:51820\nAllowedIPs = 0.0.0.0/0\n`;

const wgQuick = `[Interface]
PrivateKey = ${key}
Address = 10.8.0.2/32
DNS = 1.1.1.1
Table = off
PostUp = ip rule add table 200 from 10.8.0.2
PreDown = ip rule del table 200
SaveConfig = true
FwMark = 0x1234

${peer}`;

function parsed(text: string) {
  const result = parseBraidProfile(text);
  if (!result.ok) throw new Error(result.error);
  return result.profile;
}

function errorOf(text: string): string {
  const result = parseBraidProfile(text);
  if (result.ok) throw new Error("expected the profile to be refused");
  return result.error;
}

describe("parseBraidProfile", () => {
  it("loads a stock wg-quick config unchanged, with Braid's defaults and the wg-quick-only keys listed", () => {
    const profile = parsed(wgQuick);
    const plain = parseWgProfile(wgQuick);
    if (!plain.ok) throw new Error(plain.error);
    expect(profile.wireguard).toEqual(plain.profile);
    expect(profile.braid).toEqual({
      mode: undefined,
      priorities: [],
      dataCaps: [],
      excludeInterfaces: [],
      killSwitch: false,
      probeRateHz: undefined,
    });
    expect(profile.ignoredKeys).toEqual([
      { line: 5, key: "Table" },
      { line: 6, key: "PostUp" },
      { line: 7, key: "PreDown" },
      { line: 8, key: "SaveConfig" },
      { line: 9, key: "FwMark" },
    ]);
  });

  it("reads every Braid key from [Interface]", () => {
    const profile = parsed(
      `[Interface]\nPrivateKey = ${key}\nMode = redundant\nPriority = wlan0:secondary, wwan0:backup\nDataCap = wwan0:2000\nExcludeInterfaces = docker0, virbr0\nKillSwitch = on\nProbeRateHz = 2.5\n${peer}`,
    );
    expect(profile.braid).toEqual({
      mode: "redundant",
      priorities: [
        { interface: "wlan0", priority: "secondary" },
        { interface: "wwan0", priority: "backup" },
      ],
      dataCaps: [{ interface: "wwan0", capMbPerMonth: 2000 }],
      excludeInterfaces: ["docker0", "virbr0"],
      killSwitch: true,
      probeRateHz: 2.5,
    });
  });

  it("reads a [Braid] section anywhere, keys case-insensitive, list keys joined across lines", () => {
    const profile = parsed(`[Braid]\nmode = Lowest-Latency\n\n[Interface]\nPrivateKey = ${key}\n${peer}`);
    expect(profile.braid.mode).toBe("lowest-latency");
    const split = parsed(
      `[Interface]\nPrivateKey = ${key}\nPriority = wlan0:secondary\n${peer}[Braid]\nPriority = wwan0:backup\nKillSwitch = OFF\n`,
    );
    expect(split.braid.priorities.map((p) => p.interface)).toEqual(["wlan0", "wwan0"]);
    expect(split.braid.killSwitch).toBe(false);
    expect(split.wireguard.peers).toHaveLength(1);
  });

  it("keeps WireGuard's line numbers when Braid's lines are taken out", () => {
    expect(errorOf(`[Braid]\nMode = bond\n[Interface]\nPrivateKey = ${key}\nMTU = big\n`)).toBe(
      'profile line 5: MTU: "big" is not a whole number from 576 to 65535',
    );
  });

  it.each([
    ["Mod = bond", 'profile line 3: unknown key "Mod" (did you mean "Mode"?)'],
    ["KillSwich = on", 'profile line 3: unknown key "KillSwich" (did you mean "KillSwitch"?)'],
    ["Adress = 10.0.0.1/32", 'profile line 3: unknown key "Adress" (did you mean "Address"?)'],
    ["Mode = fast", 'profile line 3: Mode: "fast" is not a mode; choose one of bond, redundant'],
    ["Mode = redundnt", 'profile line 3: Mode: "redundnt" is not a mode (did you mean "redundant"?)'],
    ["Priority = wlan0", 'profile line 3: Priority: "wlan0" needs INTERFACE:VALUE, e.g. wwan0:backup'],
    ["Priority = wlan0:tertiary", 'profile line 3: Priority: "tertiary" is not a priority'],
    [
      "Priority = wlan0:backup,,eth0:primary",
      'profile line 3: Priority: "wlan0:backup,,eth0:primary" has an empty item',
    ],
    ["DataCap = wwan0:2GB", 'profile line 3: DataCap: "2GB" for wwan0 is not a whole number of MB per month'],
    ["DataCap = wwan0:0", 'profile line 3: DataCap: "0" for wwan0 is not a whole number'],
    ["KillSwitch = yes", 'profile line 3: KillSwitch: "yes" is neither on nor off'],
    ["ProbeRateHz = 1000", 'profile line 3: ProbeRateHz: "1000" is not a probe rate from 0.1 to 100'],
    ["ProbeRateHz = -1", "profile line 3: ProbeRateHz"],
    ["ExcludeInterfaces = averyveryverylongname0", "profile line 3: ExcludeInterfaces: interface name"],
    ["ExcludeInterfaces = eth 0", "contains '/', ':' or whitespace"],
    ["Priority = ../x:backup", "profile line 3: Priority: interface name \"../x\" contains '/'"],
    ["Mode = bond\nMode = redundant", "profile line 4: Mode is given twice (first on line 3)"],
    [
      "Priority = wlan0:backup\nPriority = wlan0:primary",
      "profile line 4: Priority names wlan0 twice (also on line 3)",
    ],
    [
      "ExcludeInterfaces = wwan0\nDataCap = wwan0:500",
      "profile line 4: DataCap: wwan0 is excluded on line 3, so this never applies",
    ],
  ])("refuses %j in [Interface]", (line, message) => {
    expect(errorOf(`[Interface]\nPrivateKey = ${key}\n${line}\n${peer}`)).toContain(message);
  });

  it.each([
    ["Address = 10.0.0.2/32", "profile line 2: Address belongs in [Interface], not [Braid]"],
    ["PostUp = true", "profile line 2: PostUp belongs in [Interface], not [Braid]"],
    ["Endpoint = a:1", "profile line 2: Endpoint belongs in [Peer], not [Braid]"],
    ["Probes = 3", 'profile line 2: unknown key "Probes" in [Braid] (known: Mode, Priority'],
    ["Mode = bond\n[Braid]", "profile line 3: a second [Braid] section (the first is on line 1)"],
  ])("refuses %j in [Braid]", (line, message) => {
    expect(errorOf(`[Braid]\n${line}\n[Interface]\nPrivateKey = ${key}\n`)).toContain(message);
  });

  it("suggests a section name for a misspelt header", () => {
    expect(errorOf(`[Interface]\nPrivateKey = ${key}\n[Bride]\n`)).toBe(
      'profile line 3: unknown section "[Bride]" (did you mean "Braid"?)',
    );
  });

  it("leaves [Peer] keys to WireGuard: a Braid key there is unknown", () => {
    expect(
      errorOf(`[Interface]\nPrivateKey = ${key}\n[Peer]\nPublicKey = ${peerKey}\nMode = bond\n`),
    ).toMatch(/^profile line 5: unknown key "Mode"/);
  });
});

describe("interfaceNameProblem", () => {
  it.each(["eth0", "wlp3s0", "wwan0", "enx00e04c680001", "br-lan", "a.b_c"])("accepts %s", (name) => {
    expect(interfaceNameProblem(name)).toBeUndefined();
  });
  it.each(["", ".", "..", "eth0:1", "a/b", "tab\tx", "sixteen-chars-xx", "ééééééééé"])(
    "refuses %j",
    (name) => {
      expect(interfaceNameProblem(name)).toBeDefined();
    },
  );
});
