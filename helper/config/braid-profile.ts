// Braid profiles: WireGuard's format plus Braid's keys in [Interface] or a [Braid] section. Braid's keys are taken
// out line by line (line numbers kept), the rest goes to the WireGuard parser, so a stock wg-quick config loads.
import {
  type BraidKey,
  type BraidSettings,
  braidKeys,
  braidListKeys,
  defaultBraidSettings,
  parseDataCaps,
  parseInterfaceList,
  parseMode,
  parseOnOff,
  parsePriorities,
  parseProbeRateHz,
  SettingError,
  type UplinkDataCap,
  type UplinkPriority,
} from "./braid-settings";
import {
  ignoredInterfaceKeys,
  interfaceKeys,
  parseWgProfile,
  peerKeys,
  suggestion,
  type WgProfile,
} from "./wg-profile";

/** A wg-quick key Braid accepts but does not act on (it never runs PostUp's shell text, for one). */
export interface IgnoredKey {
  readonly line: number;
  readonly key: string;
}

export interface BraidProfile {
  readonly wireguard: WgProfile;
  readonly braid: BraidSettings;
  readonly ignoredKeys: readonly IgnoredKey[];
}

export type BraidProfileResult =
  | { readonly ok: true; readonly profile: BraidProfile }
  | { readonly ok: false; readonly error: string };

interface FoundKey {
  readonly key: BraidKey;
  readonly value: string;
  readonly line: number;
}

class LineError extends Error {
  constructor(
    readonly line: number,
    message: string,
  ) {
    super(message);
  }
}

const sectionNames = ["Interface", "Peer", "Braid"];
const same = (a: string, b: string) => a.toLowerCase() === b.toLowerCase();

export function parseBraidProfile(text: string): BraidProfileResult {
  try {
    const { wgText, found, ignoredKeys } = separate(text);
    const wireguard = parseWgProfile(wgText);
    if (!wireguard.ok) return wireguard;
    return { ok: true, profile: { wireguard: wireguard.profile, braid: settingsOf(found), ignoredKeys } };
  } catch (error) {
    if (error instanceof LineError)
      return { ok: false, error: `profile line ${error.line}: ${error.message}` };
    throw error;
  }
}

/** Splits Braid's keys from the WireGuard text; Braid's lines become blank so WireGuard's errors keep their lines. */
function separate(text: string): { wgText: string; found: FoundKey[]; ignoredKeys: IgnoredKey[] } {
  const wgLines: string[] = [];
  const found: FoundKey[] = [];
  const ignoredKeys: IgnoredKey[] = [];
  let place: "start" | "interface" | "peer" | "braid" = "start";
  let braidSectionLine: number | undefined;
  for (const [index, raw] of text.split(/\r?\n/).entries()) {
    const lineNumber = index + 1;
    const line = raw.replace(/#.*$/, "").trim();
    const header = /^\[(.*)\]$/.exec(line);
    if (header) {
      const name = (header[1] ?? "").trim();
      if (same(name, "braid")) {
        if (braidSectionLine !== undefined)
          throw new LineError(
            lineNumber,
            `a second [Braid] section (the first is on line ${braidSectionLine})`,
          );
        braidSectionLine = lineNumber;
        place = "braid";
        wgLines.push("");
        continue;
      }
      if (!same(name, "interface") && !same(name, "peer"))
        throw new LineError(lineNumber, `unknown section "[${name}]"${suggestion(name, sectionNames)}`);
      place = same(name, "interface") ? "interface" : "peer";
      wgLines.push(raw);
      continue;
    }
    const equals = line.indexOf("=");
    // Peers and malformed lines are the WireGuard parser's to judge.
    if (equals < 0 || place === "start" || place === "peer") {
      wgLines.push(raw);
      continue;
    }
    const key = line.slice(0, equals).trim();
    const braidKey = braidKeys.find((candidate) => same(candidate, key));
    if (braidKey) {
      found.push({ key: braidKey, value: line.slice(equals + 1).trim(), line: lineNumber });
      wgLines.push("");
      continue;
    }
    if (place === "braid") throw new LineError(lineNumber, misplacedInBraid(key));
    const ignored = ignoredInterfaceKeys.find((candidate) => same(candidate, key));
    if (ignored) ignoredKeys.push({ line: lineNumber, key: ignored });
    else if (!interfaceKeys.some((candidate) => same(candidate, key)))
      throw new LineError(
        lineNumber,
        `unknown key "${key}"${suggestion(key, [...interfaceKeys, ...braidKeys, ...ignoredInterfaceKeys])}`,
      );
    wgLines.push(raw);
  }
  return { wgText: wgLines.join("\n"), found, ignoredKeys };
}

function misplacedInBraid(key: string): string {
  const wgInterface = [...interfaceKeys, ...ignoredInterfaceKeys].find((candidate) => same(candidate, key));
  if (wgInterface) return `${wgInterface} belongs in [Interface], not [Braid]`;
  const wgPeer = peerKeys.find((candidate) => same(candidate, key));
  if (wgPeer) return `${wgPeer} belongs in [Peer], not [Braid]`;
  return `unknown key "${key}" in [Braid]${suggestion(key, braidKeys)}`;
}

function settingsOf(found: readonly FoundKey[]): BraidSettings {
  const firstLine = new Map<BraidKey, number>();
  const priorities: (UplinkPriority & { line: number })[] = [];
  const dataCaps: (UplinkDataCap & { line: number })[] = [];
  const excluded: { interface: string; line: number }[] = [];
  let settings: BraidSettings = defaultBraidSettings;
  for (const { key, value, line } of found) {
    const first = firstLine.get(key);
    if (first !== undefined && !braidListKeys.includes(key))
      throw new LineError(line, `${key} is given twice (first on line ${first})`);
    firstLine.set(key, first ?? line);
    try {
      switch (key) {
        case "Mode":
          settings = { ...settings, mode: parseMode(value) };
          break;
        case "KillSwitch":
          settings = { ...settings, killSwitch: parseOnOff(value) };
          break;
        case "ProbeRateHz":
          settings = { ...settings, probeRateHz: parseProbeRateHz(value) };
          break;
        case "Priority":
          priorities.push(...parsePriorities(value).map((item) => ({ ...item, line })));
          break;
        case "DataCap":
          dataCaps.push(...parseDataCaps(value).map((item) => ({ ...item, line })));
          break;
        case "ExcludeInterfaces":
          excluded.push(...parseInterfaceList(value).map((name) => ({ interface: name, line })));
          break;
      }
    } catch (error) {
      if (error instanceof SettingError) throw new LineError(line, `${key}: ${error.message}`);
      throw error;
    }
  }
  refuseRepeats("Priority", priorities);
  refuseRepeats("DataCap", dataCaps);
  refuseRepeats("ExcludeInterfaces", excluded);
  for (const [key, list] of [
    ["Priority", priorities],
    ["DataCap", dataCaps],
  ] as const) {
    for (const item of list) {
      const exclusion = excluded.find((other) => other.interface === item.interface);
      if (exclusion)
        throw new LineError(
          item.line,
          `${key}: ${item.interface} is excluded on line ${exclusion.line}, so this never applies; remove one of them`,
        );
    }
  }
  return {
    ...settings,
    priorities: priorities.map(({ interface: name, priority }) => ({ interface: name, priority })),
    dataCaps: dataCaps.map(({ interface: name, capMbPerMonth }) => ({ interface: name, capMbPerMonth })),
    excludeInterfaces: excluded.map((item) => item.interface),
  };
}

function refuseRepeats(key: BraidKey, list: readonly { interface: string; line: number }[]): void {
  list.forEach((item, index) => {
    const earlier = list.slice(0, index).find((other) => other.interface === item.interface);
    if (earlier)
      throw new LineError(item.line, `${key} names ${item.interface} twice (also on line ${earlier.line})`);
  });
}
