// The helper's control API, written once: every method's params (validated at runtime) and result, and every event.
import type { PathPriority, PathState, SchedulerMode } from "../engine/path-types";
import { schedulerModes } from "../engine/path-types";
import { bool, type Infer, int, none, obj, oneOf, optional, str, type Validator } from "./schema-dsl";
import type { TunnelState } from "./tunnel-state";

export const CONTROL_API_VERSION = 1;
export const DEFAULT_SOCKET_PATH = "/run/braid/braid.sock";

const profileName = str({
  minLength: 1,
  maxLength: 64,
  pattern: /^[A-Za-z0-9][A-Za-z0-9._-]*$/,
  what: "a profile name of 1..64 letters, digits, '.', '_' or '-' (not starting with a symbol)",
});
/** Linux IFNAMSIZ is 16 including the NUL; the server also checks the name against the kernel's list. */
const interfaceName = str({
  minLength: 1,
  maxLength: 15,
  pattern: /^[A-Za-z0-9_.:-]+$/,
  what: "an interface name of 1..15 characters [A-Za-z0-9_.:-]",
});
const priorities = ["primary", "secondary", "backup"] as const satisfies readonly PathPriority[];

interface MethodSpec<P, R> {
  readonly params: Validator<P>;
  /** Phantom: carries the result type only. */
  readonly _result?: R;
}
/** method<Result>()(paramsValidator): the params type is inferred from the validator, so it is written once. */
const method =
  <R>() =>
  <P>(params: Validator<P>): MethodSpec<P, R> => ({ params });

export interface ProfileSummary {
  readonly name: string;
  readonly endpoint: string;
  readonly mode: SchedulerMode;
  readonly killSwitch: boolean;
}
export interface VersionInfo {
  readonly helperVersion: string;
  readonly apiVersion: number;
  readonly platform: string;
}
/** What the helper applies now: its overrides, else the profile's keys, else the defaults. */
export interface TunnelSettings {
  readonly killSwitch: boolean;
  readonly probeRateHz: number;
  /** The profile connected now, or the one connected last; undefined before any connect. */
  readonly profile: string | undefined;
}
export interface SubscribeResult {
  readonly state: TunnelState;
  /** Up to five minutes of past events, oldest first, so a late client can draw its charts at once. */
  readonly history: readonly ControlEvent[];
}

export const controlMethods = {
  state: method<TunnelState>()(none),
  connect: method<TunnelState>()(obj({ profile: profileName })),
  disconnect: method<TunnelState>()(none),
  setMode: method<{ readonly mode: SchedulerMode }>()(obj({ mode: oneOf(schedulerModes) })),
  setPathPriority: method<{ readonly interface: string; readonly priority: PathPriority }>()(
    obj({ interface: interfaceName, priority: oneOf(priorities) }),
  ),
  /** capMegabytes absent: no cap. Counted per calendar month. */
  setDataCap: method<{ readonly interface: string; readonly capMegabytes: number | undefined }>()(
    obj({ interface: interfaceName, capMegabytes: optional(int(1, 100_000_000)) }),
  ),
  listProfiles: method<readonly ProfileSummary[]>()(none),
  /** text: a wg-quick/Braid profile or a braid:// URI (64 KiB is far above any real profile). */
  importProfile: method<ProfileSummary>()(
    obj({ name: profileName, text: str({ minLength: 1, maxLength: 65_536 }) }),
  ),
  removeProfile: method<{ readonly removed: string }>()(obj({ name: profileName })),
  setKillSwitch: method<{ readonly enabled: boolean }>()(obj({ enabled: bool })),
  getSettings: method<TunnelSettings>()(none),
  /** Probes per second on each up path in use; applied to the running tunnel and kept for later connects. */
  setProbeRate: method<{ readonly probeRateHz: number }>()(obj({ hz: int(1, 50) })),
  version: method<VersionInfo>()(none),
  subscribe: method<SubscribeResult>()(none),
} as const;

export type ControlMethods = typeof controlMethods;
export type MethodName = keyof ControlMethods;
export type ParamsOf<M extends MethodName> = Infer<ControlMethods[M]["params"]>;
export type ResultOf<M extends MethodName> = NonNullable<ControlMethods[M]["_result"]>;
export const methodNames = Object.keys(controlMethods) as MethodName[];

export function isMethodName(name: string): name is MethodName {
  return Object.hasOwn(controlMethods, name);
}

/** One path's figures for one 100 ms sample. */
export interface PathMetricsSample {
  readonly interface: string;
  readonly state: PathState;
  readonly rttMs: number | undefined;
  readonly lossRatio: number;
  readonly txBitsPerSec: number;
  readonly rxBitsPerSec: number;
  /** This path's part of all bytes sent in the sample, 0..1. */
  readonly shareRatio: number;
  readonly bytesUsed: number;
}

/** Everything the helper pushes as a JSON-RPC notification with method "event". */
export type ControlEvent =
  | {
      readonly kind: "tunnel-state";
      readonly atMs: number;
      readonly from: TunnelState;
      readonly to: TunnelState;
    }
  | { readonly kind: "path-metrics"; readonly atMs: number; readonly paths: readonly PathMetricsSample[] }
  | {
      readonly kind: "failover";
      readonly atMs: number;
      readonly fromInterface: string | undefined;
      readonly toInterface: string | undefined;
      readonly detail: string;
    }
  | {
      readonly kind: "alert";
      readonly atMs: number;
      readonly severity: "info" | "warning" | "error";
      readonly interface: string | undefined;
      readonly message: string;
    }
  | { readonly kind: "all-paths-down"; readonly atMs: number; readonly detail: string };

export type ControlEventKind = ControlEvent["kind"];
export const controlEventKinds: readonly ControlEventKind[] = [
  "tunnel-state",
  "path-metrics",
  "failover",
  "alert",
  "all-paths-down",
];

/** JSON-RPC 2.0 error codes the server uses; -32000.. are Braid's own. */
export const RpcErrorCode = {
  parseError: -32700,
  invalidRequest: -32600,
  methodNotFound: -32601,
  invalidParams: -32602,
  internalError: -32603,
  notAllowed: -32001,
  rateLimited: -32002,
  messageTooLarge: -32003,
  operationFailed: -32004,
  tooManyConnections: -32005,
} as const;
