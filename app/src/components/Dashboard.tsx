// The live dashboard's layout: mode, path cards, the three charts and the event timeline, all from the paths store.
import { useMemo } from "react";
import type { AppMode } from "../../../main/ipc/dashboard-types";
import type { BraidApi } from "../../../main/ipc/ipc-schema";
import type { SeriesKey } from "../charts/chart-axes";
import { markedEvents } from "../charts/event-markers";
import { useChartFrame } from "../charts/use-chart-frame";
import type { ChartPoint } from "../store/chart-series";
import { usePathsStore } from "../store/paths-store";
import { useTunnelStore } from "../store/tunnel-store";
import { LiveTotals } from "./LiveTotals";
import { ModeSelector } from "./ModeSelector";
import { PathCardList } from "./PathCardList";
import { PathLineChart } from "./PathLineChart";
import { ThroughputChart } from "./ThroughputChart";
import { Timeline } from "./Timeline";

const pickRtt = (p: ChartPoint) => p.rttMs;
const pickLoss = (p: ChartPoint) => p.lossPercent;

export function Dashboard({ api }: { readonly api: BraidApi }) {
  const paths = usePathsStore((s) => s.paths);
  const latestAtMs = usePathsStore((s) => s.latestAtMs);
  const points = usePathsStore((s) => s.series.points);
  const events = usePathsStore((s) => s.events);
  const mode = usePathsStore((s) => s.mode);
  const modeBusy = usePathsStore((s) => s.modeBusy);
  const modeError = usePathsStore((s) => s.modeError);
  const setMode = usePathsStore((s) => s.setMode);
  const tunnel = useTunnelStore((s) => s.tunnel);

  // Series change only when the set of paths does, not with every sample.
  const seriesSignature = paths.map((p) => `${p.id}:${p.interface}`).join(",");
  // biome-ignore lint/correctness/useExhaustiveDependencies: keyed on the signature on purpose
  const series = useMemo<SeriesKey[]>(
    () => paths.map((p) => ({ id: p.id, name: p.interface })),
    [seriesSignature],
  );
  const latencyFrame = useChartFrame(points, latestAtMs, 0);
  const lossFrame = useChartFrame(points, latestAtMs, 1);
  const throughputFrame = useChartFrame(points, latestAtMs, 2);
  const markers = useMemo(() => markedEvents(events), [events]);

  return (
    <div className="dashboard">
      <ModeSelector
        mode={mode}
        busy={modeBusy}
        error={modeError}
        onChange={(next: AppMode) => void setMode(api, next)}
      />
      <LiveTotals paths={paths} tunnel={tunnel} nowMs={latestAtMs} />
      <PathCardList paths={paths} />
      <div className="charts">
        <PathLineChart
          title="Latency"
          unit="ms"
          points={latencyFrame.points}
          pick={pickRtt}
          series={series}
          window={latencyFrame.window}
          markers={markers}
          labelMarkers
        />
        <PathLineChart
          title="Loss"
          unit="%"
          points={lossFrame.points}
          pick={pickLoss}
          series={series}
          window={lossFrame.window}
          markers={markers}
          labelMarkers={false}
        />
        <ThroughputChart
          points={throughputFrame.points}
          series={series}
          window={throughputFrame.window}
          markers={markers}
        />
      </div>
      <Timeline events={events} />
    </div>
  );
}
