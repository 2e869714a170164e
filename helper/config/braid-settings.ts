// Braid's own profile keys (Mode, Priority, DataCap, ExcludeInterfaces, KillSwitch, ProbeRateHz): each value
// parsed into a typed setting, or refused with what to write instead.
import { type PathPriority, type SchedulerMode, schedulerModes } from "../engine/path-types";
import { interfaceNameProblem } from "./interface-name";
import { suggestion } from "./wg-profile";

export interface UplinkPriority {
  readonly interface: string;
  readonly priority: PathPriority;
}

export interface UplinkDataCap {
  readonly interface: string;
  readonly capMbPerMonth: number;
}

/** Braid's settings from a profile; a stock wg-quick profile gets these defaults. */
export interface BraidSettings {
  /** undefined: the helper's default (bond). */
  readonly mode: SchedulerMode | undefined;
  /** Uplinks not named here are primary. */
  readonly priorities: readonly UplinkPriority[];
  readonly dataCaps: readonly UplinkDataCap[];
  readonly excludeInterfaces: readonly string[];
  readonly killSwitch: boolean;
  /** undefined: the path monitor's default (10 Hz). */
  readonly probeRateHz: number | undefined;
}

export const defaultBraidSettings: BraidSettings = {
  mode: undefined,
  priorities: [],
  dataCaps: [],
  excludeInterfaces: [],
  killSwitch: false,
  probeRateHz: undefined,
};

export const braidKeys = [
  "Mode",
  "Priority",
  "DataCap",
  "ExcludeInterfaces",
  "KillSwitch",
  "ProbeRateHz",
] as const;
export type BraidKey = (typeof braidKeys)[number];
/** Keys that hold a list and, like wg-quick's Address, may be given on several lines (the lists join). */
export const braidListKeys: readonly BraidKey[] = ["Priority", "DataCap", "ExcludeInterfaces"];

const priorities: readonly PathPriority[] = ["primary", "secondary", "backup"];
const MAX_DATA_CAP_MB = 100_000_000; // 100 TB a month: far above any metered plan, low enough to catch typos
const MIN_PROBE_RATE_HZ = 0.1;
const MAX_PROBE_RATE_HZ = 100;

/** A value Braid cannot use; the caller adds the line and key. */
export class SettingError extends Error {}

function items(value: string): string[] {
  const parts = value.split(",").map((item) => item.trim());
  if (parts.some((part) => part.length === 0))
    throw new SettingError(`"${value}" has an empty item; separate items with single commas`);
  return parts;
}

function interfaceName(name: string): string {
  const problem = interfaceNameProblem(name);
  if (problem) throw new SettingError(problem);
  return name;
}

/** "wwan0:backup" -> ["wwan0", "backup"]; Linux names cannot hold ':', so the first one splits. */
function pair(item: string, example: string): [string, string] {
  const colon = item.indexOf(":");
  if (colon < 0) throw new SettingError(`"${item}" needs INTERFACE:VALUE, e.g. ${example}`);
  return [interfaceName(item.slice(0, colon).trim()), item.slice(colon + 1).trim()];
}

function choice<T extends string>(value: string, known: readonly T[], what: string): T {
  const found = known.find((candidate) => candidate === value.toLowerCase());
  if (found) return found;
  const hint = suggestion(value, known);
  throw new SettingError(
    `"${value}" is not ${what}${hint.startsWith(" (did") ? hint : ""}; choose one of ${known.join(", ")}`,
  );
}

export function parseMode(value: string): SchedulerMode {
  return choice(value, schedulerModes, "a mode");
}

export function parsePriorities(value: string): UplinkPriority[] {
  return items(value).map((item) => {
    const [name, priority] = pair(item, "wwan0:backup");
    return { interface: name, priority: choice(priority, priorities, "a priority") };
  });
}

export function parseDataCaps(value: string): UplinkDataCap[] {
  return items(value).map((item) => {
    const [name, megabytes] = pair(item, "wwan0:2000 (MB per month)");
    if (!/^\d+$/.test(megabytes) || Number(megabytes) < 1 || Number(megabytes) > MAX_DATA_CAP_MB)
      throw new SettingError(
        `"${megabytes}" for ${name} is not a whole number of MB per month from 1 to ${MAX_DATA_CAP_MB}`,
      );
    return { interface: name, capMbPerMonth: Number(megabytes) };
  });
}

export function parseInterfaceList(value: string): string[] {
  return items(value).map(interfaceName);
}

export function parseOnOff(value: string): boolean {
  const lower = value.toLowerCase();
  if (lower === "on") return true;
  if (lower === "off") return false;
  throw new SettingError(`"${value}" is neither on nor off`);
}

export function parseProbeRateHz(value: string): number {
  const rate = Number(value);
  if (!/^\d+(\.\d+)?$/.test(value) || rate < MIN_PROBE_RATE_HZ || rate > MAX_PROBE_RATE_HZ)
    throw new SettingError(
      `"${value}" is not a probe rate from ${MIN_PROBE_RATE_HZ} to ${MAX_PROBE_RATE_HZ} (probes per second per path)`,
    );
  return rate;
}
