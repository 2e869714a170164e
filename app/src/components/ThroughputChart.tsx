// Throughput per path (tx + rx), stacked, over the last five minutes: which link carries what, and when that changed.
import { memo, useMemo } from "react";
import { Area, AreaChart, CartesianGrid, ResponsiveContainer, XAxis, YAxis } from "recharts";
import type { PathEvent } from "../../../main/ipc/dashboard-types";
import type { SeriesKey, TimeWindow } from "../charts/chart-axes";
import { eventMarkers } from "../charts/event-markers";
import { pathColor } from "../charts/path-colors";
import { formatAxisTime } from "../format/units";
import type { ChartPoint } from "../store/chart-series";
import { ChartPanel } from "./ChartPanel";

const axisTime = (atMs: number) => formatAxisTime(atMs, false);
const axisTimeWithSeconds = (atMs: number) => formatAxisTime(atMs, true);

export interface ThroughputChartProps {
  readonly points: readonly ChartPoint[];
  readonly series: readonly SeriesKey[];
  readonly window: TimeWindow;
  readonly markers: readonly PathEvent[];
}

export const ThroughputChart = memo(function ThroughputChart(props: ThroughputChartProps) {
  const { points, series, window, markers } = props;
  const areas = useMemo(
    () =>
      series.map((s) => (
        <Area
          key={s.id}
          // A missing path stacks as zero so the layers above it do not fall through.
          dataKey={(p: ChartPoint) => p.throughputMbitPerSec[s.id] ?? 0}
          name={s.name}
          stackId="throughput"
          stroke={pathColor(s.id)}
          fill={pathColor(s.id)}
          fillOpacity={0.45}
          strokeWidth={1}
          type="linear"
          dot={false}
          isAnimationActive={false}
        />
      )),
    [series],
  );
  const marks = useMemo(() => eventMarkers(markers, false), [markers]);
  return (
    <ChartPanel
      title="Throughput, Mbit/s"
      series={series}
      summary="Throughput of each path, tx plus rx in Mbit/s, stacked, over the last five minutes."
    >
      <ResponsiveContainer width="100%" height="100%" initialDimension={{ width: 800, height: 130 }}>
        <AreaChart data={points as ChartPoint[]} margin={{ top: 6, right: 12, bottom: 0, left: 0 }}>
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
          {areas}
          {marks}
        </AreaChart>
      </ResponsiveContainer>
    </ChartPanel>
  );
});
