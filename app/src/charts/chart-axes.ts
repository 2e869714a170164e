// The time window every chart shares: up to five minutes back from the newest sample, with round-numbered ticks.
import { historyWindowMs } from "../../../main/ipc/dashboard-types";

export interface TimeWindow {
  readonly domain: readonly [number, number];
  readonly ticks: readonly number[];
  /** Ticks closer than a minute need seconds in their labels. */
  readonly withSeconds: boolean;
}

/** Even a fresh connection gets a minute of width, so its first seconds are not a smear across the chart. */
const minimumSpanMs = 60_000;
const tickStepsMs = [10_000, 15_000, 30_000, 60_000] as const;

/** The window grows with the data until it holds five minutes, so a new session's charts are readable at once. */
export function timeWindow(oldestAtMs: number, latestAtMs: number): TimeWindow {
  const spanMs = Math.min(historyWindowMs, Math.max(minimumSpanMs, latestAtMs - oldestAtMs));
  const startMs = latestAtMs - spanMs;
  const stepMs = tickStepsMs.find((step) => spanMs / step <= 6) ?? 60_000;
  const ticks: number[] = [];
  for (let t = Math.ceil(startMs / stepMs) * stepMs; t <= latestAtMs; t += stepMs) ticks.push(t);
  return { domain: [startMs, latestAtMs], ticks, withSeconds: stepMs < 60_000 };
}

/** The paths a chart draws, as a stable list: only a change of ids or names redraws the series. */
export interface SeriesKey {
  readonly id: number;
  readonly name: string;
}
