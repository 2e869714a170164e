// A line per path over the last five minutes (latency or loss), failovers marked; memoized, never animated, for 10 Hz.
import { memo, useMemo } from "react";
import { CartesianGrid, Line, LineChart, ResponsiveContainer, XAxis, YAxis } from "recharts";
import type { PathEvent } from "../../../main/ipc/dashboard-types";
import type { SeriesKey, TimeWindow } from "../charts/chart-axes";
import { eventMarkers } from "../charts/event-markers";
import { pathColor } from "../charts/path-colors";
import { formatAxisTime } from "../format/units";
import type { ChartPoint } from "../store/chart-series";
import { ChartPanel } from "./ChartPanel";

const axisTime = (atMs: number) => formatAxisTime(atMs, false);
const axisTimeWithSeconds = (atMs: number) => formatAxisTime(atMs, true);

export interface PathLineChartProps {
  readonly title: string;
  readonly unit: string;
  readonly points: readonly ChartPoint[];
  readonly pick: (point: ChartPoint) => readonly (number | null)[];
  readonly series: readonly SeriesKey[];
  readonly window: TimeWindow;
  readonly markers: readonly PathEvent[];
  readonly labelMarkers: boolean;
}

export const PathLineChart = memo(function PathLineChart(props: PathLineChartProps) {
  const { title, unit, points, pick, series, window, markers, labelMarkers } = props;
  // Stable accessors: recharts re-derives a series whenever its dataKey changes identity.
  const lines = useMemo(
    () =>
      series.map((s) => (
        <Line
          key={s.id}
          dataKey={(p: ChartPoint) => pick(p)[s.id] ?? null}
          name={s.name}
          stroke={pathColor(s.id)}
          strokeWidth={1.5}
          dot={false}
          type="linear"
          isAnimationActive={false}
        />
      )),
    [series, pick],
  );
  const marks = useMemo(() => eventMarkers(markers, labelMarkers), [markers, labelMarkers]);
  return (
    <ChartPanel
      title={`${title}, ${unit}`}
      series={series}
      summary={`${title} of each path, in ${unit}, over the last five minutes.`}
    >
      <ResponsiveContainer width="100%" height="100%" initialDimension={{ width: 800, height: 130 }}>
        <LineChart data={points as ChartPoint[]} margin={{ top: 6, right: 12, bottom: 0, left: 0 }}>
          <CartesianGrid className="chart-grid" vertical={false} />
          <XAxis
            dataKey="atMs"
            type="number"
            domain={window.domain as [number, number]}
            ticks={window.ticks as number[]}
            tickFormatter={window.withSeconds ? axisTimeWithSeconds : axisTime}
            allowDataOverflow
            className="chart-axis"
            fontSize={11}
          />
          <YAxis width={36} className="chart-axis" fontSize={11} allowDecimals={false} />
          {lines}
          {marks}
        </LineChart>
      </ResponsiveContainer>
    </ChartPanel>
  );
});
