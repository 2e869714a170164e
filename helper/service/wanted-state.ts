// What the user last asked the helper for, kept across helper restarts (kill -9, a reboot): connected to which
// profile, or disconnected, and the overrides of mode, kill switch and probe rate.
import { type SchedulerMode, schedulerModes } from "../engine/path-types";

export interface WantedState {
  /** The profile to be connected to; undefined: disconnected. */
  readonly connectedProfile: string | undefined;
  /** The profile connected last (getSettings reports it while disconnected). */
  readonly lastProfile: string | undefined;
  readonly modeOverride: SchedulerMode | undefined;
  readonly killSwitchOverride: boolean | undefined;
  readonly probeRateOverrideHz: number | undefined;
  /** setDataCap per uplink in MB per month; null: the profile's cap lifted. */
  readonly dataCapOverridesMb: Readonly<Record<string, number | null>>;
}

export const WANTED_STATE_FILE = "wanted-state.json";

export const nothingWanted: WantedState = {
  connectedProfile: undefined,
  lastProfile: undefined,
  modeOverride: undefined,
  killSwitchOverride: undefined,
  probeRateOverrideHz: undefined,
  dataCapOverridesMb: {},
};

const profileNamePattern = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;

/** The file's JSON back into a WantedState; throws naming the first field that is wrong. */
export function parseWantedState(raw: unknown): WantedState {
  if (typeof raw !== "object" || raw === null || Array.isArray(raw)) throw new Error("not a JSON object");
  const o = raw as Record<string, unknown>;
  const optional = <T>(key: string, ok: (v: unknown) => v is T, what: string): T | undefined => {
    const value = o[key];
    if (value === undefined || value === null) return undefined;
    if (!ok(value)) throw new Error(`${key}: must be ${what}, got ${JSON.stringify(value)}`);
    return value;
  };
  const isName = (v: unknown): v is string => typeof v === "string" && profileNamePattern.test(v);
  const isMode = (v: unknown): v is SchedulerMode =>
    typeof v === "string" && (schedulerModes as readonly string[]).includes(v);
  const isRate = (v: unknown): v is number =>
    Number.isInteger(v) && (v as number) >= 1 && (v as number) <= 50;
  return {
    connectedProfile: optional("connectedProfile", isName, "a profile name"),
    lastProfile: optional("lastProfile", isName, "a profile name"),
    modeOverride: optional("modeOverride", isMode, `one of ${schedulerModes.join(", ")}`),
    killSwitchOverride: optional(
      "killSwitchOverride",
      (v): v is boolean => typeof v === "boolean",
      "true or false",
    ),
    probeRateOverrideHz: optional("probeRateOverrideHz", isRate, "an integer 1..50"),
    dataCapOverridesMb: parseCaps(o.dataCapOverridesMb),
  };
}

function parseCaps(raw: unknown): Record<string, number | null> {
  if (raw === undefined || raw === null) return {};
  if (typeof raw !== "object" || Array.isArray(raw))
    throw new Error("dataCapOverridesMb: must be an object of interface names to MB");
  const caps: Record<string, number | null> = {};
  for (const [name, value] of Object.entries(raw)) {
    if (!/^[A-Za-z0-9_.:-]{1,15}$/.test(name))
      throw new Error(`dataCapOverridesMb: "${name}" is no interface name`);
    if (value !== null && !(Number.isInteger(value) && value >= 1 && value <= 100_000_000))
      throw new Error(
        `dataCapOverridesMb.${name}: must be an integer 1..100000000 or null, got ${JSON.stringify(value)}`,
      );
    caps[name] = value as number | null;
  }
  return caps;
}
