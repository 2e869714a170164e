// What the Profiles and Settings screens receive over IPC: the profile list, import results and the app's settings.
import type { ProfileSummary } from "../../helper/control/control-schema";

/** The helper's profiles, and the one quick-connect (tray, connect toggle) uses. */
export interface ProfileList {
  readonly profiles: readonly ProfileSummary[];
  /** The profile a connect uses: the one picked, or the first when none is (or the picked one was removed). */
  readonly quickConnect: string | undefined;
}

/** Why a profile was refused, worded by the helper's own parser; `line` (1-based) when it names one. */
export interface ProfileProblem {
  readonly message: string;
  readonly line?: number;
}

/** A refused profile is an answer, not a thrown error, so the screen can show it beside the text with its line. */
export type ProfileImportResult =
  | { readonly ok: true; readonly profile: ProfileSummary }
  | { readonly ok: false; readonly problem: ProfileProblem };

export type Theme = "system" | "dark" | "light";
export const themes = ["system", "dark", "light"] as const satisfies readonly Theme[];

/** The probe rates the app offers; the helper takes any whole 1..50. */
export const probeRatesHz = [1, 2, 5, 10, 20, 50] as const;
export const minProbeRateHz = 1;
export const maxProbeRateHz = 50;

/** Kill switch and probe rate live in the helper: unknown while it is not reachable. */
export type TunnelSettingsView =
  | { readonly available: true; readonly killSwitch: boolean; readonly probeRateHz: number }
  | { readonly available: false; readonly reason: string };

export interface AppSettings {
  readonly tunnel: TunnelSettingsView;
  readonly startAtLogin: boolean;
  readonly theme: Theme;
}
