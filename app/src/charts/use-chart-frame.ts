// Decides when the charts redraw: when their picture moves by a pixel, not on every 10 Hz sample that would not show.
import { useMemo, useRef } from "react";
import type { ChartPoint } from "../store/chart-series";
import { type TimeWindow, timeWindow } from "./chart-axes";

/** About the plot's width at the window's usual size; a wider window redraws a little less often than ideal. */
const plotWidthPx = 780;
const sampleIntervalMs = 100;

export interface ChartFrame {
  readonly points: readonly ChartPoint[];
  readonly window: TimeWindow;
}

/**
 * Five minutes over ~780 px is ~0.4 s a pixel: redrawing three charts of eight paths ten times a second would
 * cost frames and show nothing new. A fresh session's one-minute window still redraws with every sample.
 */
export function useChartFrame(
  points: readonly ChartPoint[],
  latestAtMs: number | undefined,
  /** 0, 1, 2...: charts with different phases redraw on different samples, so no one frame draws them all. */
  phase: number,
): ChartFrame {
  const nowMs = latestAtMs ?? 0;
  const oldestAtMs = points[0]?.atMs ?? nowMs;
  const [startMs, endMs] = timeWindow(oldestAtMs, nowMs).domain;
  const spanMs = endMs - startMs;
  const stepMs = Math.max(
    sampleIntervalMs,
    Math.floor(spanMs / plotWidthPx / sampleIntervalMs) * sampleIntervalMs,
  );
  const offsetMs = (phase * sampleIntervalMs) % stepMs;
  const frameMs = Math.floor((nowMs - offsetMs) / stepMs) * stepMs + offsetMs;
  // The points of the last redraw, kept until the next one is due (a fresh array arrives with every sample).
  const kept = useRef<{ frameMs: number; count: number; points: readonly ChartPoint[] }>(undefined);
  const last = kept.current;
  if (!last || last.frameMs !== frameMs || last.count !== points.length || points.length === 0) {
    kept.current = { frameMs, count: points.length, points };
  }
  const shown = kept.current?.points ?? points;
  const window = useMemo(() => timeWindow(shown[0]?.atMs ?? frameMs, frameMs), [shown, frameMs]);
  return { points: shown, window };
}
