// A chart's frame: title, legend of paths and a fixed-height plot area, so the page keeps its shape before data comes.
import type { ReactNode } from "react";
import type { SeriesKey } from "../charts/chart-axes";
import { pathColor } from "../charts/path-colors";

export interface ChartPanelProps {
  readonly title: string;
  /** What the chart shows, for screen readers (the SVG itself is not readable). */
  readonly summary: string;
  readonly series: readonly SeriesKey[];
  readonly children: ReactNode;
}

export function ChartPanel({ title, summary, series, children }: ChartPanelProps) {
  return (
    <figure className="card chart-panel" aria-label={title}>
      <figcaption className="chart-header">
        <span className="card-title">{title}</span>
        <span className="chart-legend">
          {series.map((s) => (
            <span key={s.id} className="chart-legend-item">
              <span className="path-swatch" style={{ background: pathColor(s.id) }} aria-hidden="true" />
              {s.name}
            </span>
          ))}
        </span>
      </figcaption>
      <p className="visually-hidden">{summary}</p>
      <div className="chart-plot">{children}</div>
    </figure>
  );
}
