// What the dashboard receives over IPC: per-path samples, path events, history and modes, built on the helper's own types.
import type { ControlEvent, PathMetricsSample } from "../../helper/control/control-schema";
import type { PathPriority, SchedulerMode } from "../../helper/engine/path-types";

export type InterfaceKind = "ethernet" | "wifi" | "cellular" | "other";
export const interfaceKinds = [
  "ethernet",
  "wifi",
  "cellular",
  "other",
] as const satisfies readonly InterfaceKind[];

/**
 * One path in one 100 ms sample: the helper's PathMetricsSample (interface, state, rttMs, lossRatio,
 * txBitsPerSec, rxBitsPerSec, shareRatio, bytesUsed) plus what the app shows beside it.
 */
export interface PathSnapshot extends PathMetricsSample {
  /** Stable for the life of a connection; charts key their series by it. */
  readonly id: number;
  readonly kind: InterfaceKind;
  readonly priority: PathPriority;
  /** This month's cap; absent when the path has none. */
  readonly dataCapBytes?: number;
}

/** The `paths` notify: every path at one instant (up to 10 a second). An empty list means not connected. */
export interface PathsSample {
  readonly atMs: number;
  readonly paths: readonly PathSnapshot[];
}

/** Path events the dashboard marks and lists: the helper's failover and all-paths-down, plus path up/down. */
export type PathEvent =
  | Extract<ControlEvent, { readonly kind: "failover" | "all-paths-down" }>
  | {
      readonly kind: "path-up" | "path-down";
      readonly atMs: number;
      readonly interface: string;
      readonly detail: string;
    };
export type PathEventKind = PathEvent["kind"];

/** The last five minutes, oldest first, so a window opened late can draw its charts at once. */
export interface PathsHistory {
  readonly samples: readonly PathsSample[];
  readonly events: readonly PathEvent[];
}

/** Five minutes at 10 Hz: the bound on every history ring (main's and the renderer's). */
export const historyWindowMs = 5 * 60 * 1000;
export const sampleIntervalMs = 100;
export const maxHistorySamples = historyWindowMs / sampleIntervalMs;
/** Far above any real five minutes; keeps a flapping link from growing the list without bound. */
export const maxHistoryEvents = 500;

/** The modes a person can pick in the app (issue 6's list; the helper's loss-aware is not offered yet). */
export type AppMode = Exclude<SchedulerMode, "loss-aware">;
export const appModes = [
  "bond",
  "redundant",
  "lowest-latency",
  "failover",
  "weighted",
  "round-robin",
] as const satisfies readonly AppMode[];
