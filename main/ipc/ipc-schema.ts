// The one main<->renderer IPC contract: main's handlers, the preload's window.braid and the dev bridge all derive from it.
import { controlMethods } from "../../helper/control/control-schema";
import { bool, int, obj, oneOf } from "../../helper/control/schema-dsl";
import type { TunnelState } from "../../helper/control/tunnel-state";
import type { SchedulerMode } from "../../helper/engine/path-types";
import {
  type AppMode,
  appModes,
  type PathEvent,
  type PathsHistory,
  type PathsSample,
} from "./dashboard-types";
import {
  type AppSettings,
  maxProbeRateHz,
  minProbeRateHz,
  type ProfileImportResult,
  type ProfileList,
  type Theme,
  themes,
} from "./settings-types";

/** A request the renderer makes and main answers; the validator runs in main on every untrusted argument. */
export interface InvokeSpec<Arg, Result> {
  readonly kind: "invoke";
  readonly parseArg: (raw: unknown) => Arg;
  /** Phantom: carries the result type only. */
  readonly _result?: Result;
}

/** A message main pushes to the renderer. */
export interface NotifySpec<Payload> {
  readonly kind: "notify";
  readonly _payload?: Payload;
}

function invoke<Arg, Result>(parseArg: (raw: unknown) => Arg): InvokeSpec<Arg, Result> {
  return { kind: "invoke", parseArg };
}

function notify<Payload>(): NotifySpec<Payload> {
  return { kind: "notify" };
}

function noArg(raw: unknown): undefined {
  if (raw !== undefined && raw !== null) throw new TypeError("this call takes no argument");
  return undefined;
}

const modeArg = obj({ mode: oneOf(appModes) });
function parseModeArg(raw: unknown): { readonly mode: AppMode } {
  return modeArg(raw, "setMode");
}

/** The helper's own validators for a profile's name and text, so main refuses exactly what the helper would. */
function parseImportArg(raw: unknown): { readonly name: string; readonly text: string } {
  return controlMethods.importProfile.params(raw, "profiles.import");
}
function nameArg(call: string): (raw: unknown) => { readonly name: string } {
  return (raw) => controlMethods.removeProfile.params(raw, call);
}
const enabledArg = obj({ enabled: bool });
function parseEnabledArg(call: string): (raw: unknown) => { readonly enabled: boolean } {
  return (raw) => enabledArg(raw, call);
}
const probeRateArg = obj({ hz: int(minProbeRateHz, maxProbeRateHz) });
function parseProbeRateArg(raw: unknown): { readonly hz: number } {
  return probeRateArg(raw, "settings.setProbeRate");
}
const themeArg = obj({ theme: oneOf(themes) });
function parseThemeArg(raw: unknown): { readonly theme: Theme } {
  return themeArg(raw, "settings.setTheme");
}

export interface AppInfo {
  readonly version: string;
  readonly platform: string;
}

export const ipcSchema = {
  tunnel: {
    getState: invoke<undefined, TunnelState>(noArg),
    connect: invoke<undefined, TunnelState>(noArg),
    disconnect: invoke<undefined, TunnelState>(noArg),
    stateChanged: notify<TunnelState>(),
    /** The tunnel's scheduler mode; a profile may have set one the app does not offer (loss-aware). */
    getMode: invoke<undefined, { readonly mode: SchedulerMode }>(noArg),
    setMode: invoke<{ readonly mode: AppMode }, { readonly mode: SchedulerMode }>(parseModeArg),
  },
  paths: {
    /** Every path's figures, up to 10 times a second; `paths: []` when not connected. */
    sample: notify<PathsSample>(),
    /** Failover, path up/down and all-paths-down, as they happen. */
    event: notify<PathEvent>(),
    /** The last five minutes of samples and events (a bounded ring in main). */
    getHistory: invoke<undefined, PathsHistory>(noArg),
  },
  profiles: {
    list: invoke<undefined, ProfileList>(noArg),
    /** text: a profile file's contents or a pasted braid:// URI; a refused profile comes back as `ok: false`. */
    import: invoke<{ readonly name: string; readonly text: string }, ProfileImportResult>(parseImportArg),
    remove: invoke<{ readonly name: string }, ProfileList>(nameArg("profiles.remove")),
    setQuickConnect: invoke<{ readonly name: string }, ProfileList>(nameArg("profiles.setQuickConnect")),
  },
  settings: {
    get: invoke<undefined, AppSettings>(noArg),
    setKillSwitch: invoke<{ readonly enabled: boolean }, AppSettings>(
      parseEnabledArg("settings.setKillSwitch"),
    ),
    setProbeRate: invoke<{ readonly hz: number }, AppSettings>(parseProbeRateArg),
    setStartAtLogin: invoke<{ readonly enabled: boolean }, AppSettings>(
      parseEnabledArg("settings.setStartAtLogin"),
    ),
    setTheme: invoke<{ readonly theme: Theme }, AppSettings>(parseThemeArg),
  },
  app: {
    getInfo: invoke<undefined, AppInfo>(noArg),
  },
} as const;

export type IpcSchema = typeof ipcSchema;
type Group = keyof IpcSchema;

export function channelName(group: string, key: string): string {
  return `braid:${group}.${key}`;
}

type ArgOf<S> = S extends InvokeSpec<infer A, unknown> ? A : never;
type ResultOf<S> = S extends InvokeSpec<unknown, infer R> ? R : never;
type PayloadOf<S> = S extends NotifySpec<infer P> ? P : never;
type InvokeKeys<G extends Group> = {
  [K in keyof IpcSchema[G]]: IpcSchema[G][K] extends { readonly kind: "invoke" } ? K : never;
}[keyof IpcSchema[G]];
type NotifyKeys<G extends Group> = {
  [K in keyof IpcSchema[G]]: IpcSchema[G][K] extends { readonly kind: "notify" } ? K : never;
}[keyof IpcSchema[G]];

type CallSignature<A, R> = [A] extends [undefined] ? () => Promise<R> : (arg: A) => Promise<R>;

/** What the renderer sees as window.braid. */
export type BraidApi = {
  readonly [G in Group]: {
    readonly [K in InvokeKeys<G>]: CallSignature<ArgOf<IpcSchema[G][K]>, ResultOf<IpcSchema[G][K]>>;
  } & {
    readonly [K in NotifyKeys<G> as `on${Capitalize<K & string>}`]: (
      listener: (payload: PayloadOf<IpcSchema[G][K]>) => void,
    ) => () => void;
  };
};

/** What main implements: one function per invoke entry. */
export type MainHandlers = {
  readonly [G in Group]: {
    readonly [K in InvokeKeys<G>]: (
      arg: ArgOf<IpcSchema[G][K]>,
    ) => Promise<ResultOf<IpcSchema[G][K]>> | ResultOf<IpcSchema[G][K]>;
  };
};

/** What main calls to push: one function per notify entry. */
export type MainNotifier = {
  readonly [G in Group]: { readonly [K in NotifyKeys<G>]: (payload: PayloadOf<IpcSchema[G][K]>) => void };
};

/** Walks the schema; used by every side that needs the list of channels. */
export function schemaEntries(): ReadonlyArray<{
  group: string;
  key: string;
  spec: InvokeSpec<unknown, unknown> | NotifySpec<unknown>;
}> {
  const out: Array<{ group: string; key: string; spec: InvokeSpec<unknown, unknown> | NotifySpec<unknown> }> =
    [];
  for (const [group, entries] of Object.entries(ipcSchema)) {
    for (const [key, spec] of Object.entries(entries)) out.push({ group, key, spec });
  }
  return out;
}
