// A hand-written SVG bar chart (no dependency) for docs/benchmarks-throughput.svg: horizontal bars in panels,
// each panel with its own scale (log for single path, where veth and Braid differ by three orders of magnitude).

export interface ChartBar {
  readonly series: string;
  readonly value: number | null;
}

export interface ChartPanel {
  readonly title: string;
  readonly scale: "log" | "linear";
  readonly unit: string;
  readonly series: readonly { readonly name: string; readonly color: string }[];
  readonly groups: readonly { readonly label: string; readonly bars: readonly ChartBar[] }[];
}

const width = 760;
const labelWidth = 250;
const plotWidth = 440;
const barHeight = 13;
const barGap = 3;
const groupGap = 12;

export function escapeXml(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
}

const formatValue = (value: number) =>
  value >= 100 ? value.toFixed(0) : value >= 10 ? value.toFixed(1) : value.toFixed(2);

/** The axis ticks and a value → x mapping for a panel's values. */
export function panelScale(panel: ChartPanel): { ticks: number[]; x: (value: number) => number } {
  const values = panel.groups.flatMap((g) => g.bars.map((b) => b.value ?? 0)).filter((v) => v > 0);
  const max = Math.max(1, ...values);
  if (panel.scale === "log") {
    const top = 10 ** Math.max(1, Math.ceil(Math.log10(max)));
    const ticks = [];
    for (let tick = 1; tick <= top; tick *= 10) ticks.push(tick);
    return { ticks, x: (value) => (Math.log10(Math.max(1, value)) / Math.log10(top)) * plotWidth };
  }
  const step = 10 ** Math.floor(Math.log10(max));
  const niceStep = max / step > 5 ? step * 2 : max / step > 2.5 ? step : step / 2;
  const top = Math.ceil(max / niceStep) * niceStep;
  const ticks = [];
  for (let tick = 0; tick <= top + niceStep / 2; tick += niceStep) ticks.push(Number(tick.toFixed(6)));
  return { ticks, x: (value) => (Math.max(0, value) / top) * plotWidth };
}

function renderPanel(panel: ChartPanel, top: number): { svg: string[]; height: number } {
  const svg: string[] = [];
  const { ticks, x } = panelScale(panel);
  svg.push(`<text x="10" y="${top + 16}" class="title">${escapeXml(panel.title)}</text>`);
  let legendX = labelWidth;
  for (const series of panel.series) {
    svg.push(`<rect x="${legendX}" y="${top + 26}" width="10" height="10" fill="${series.color}"/>`);
    svg.push(`<text x="${legendX + 14}" y="${top + 35}">${escapeXml(series.name)}</text>`);
    legendX += 22 + series.name.length * 6.5;
  }
  let y = top + 48;
  const plotTop = y;
  const gridAt = svg.length; // the grid goes under the bars
  for (const group of panel.groups) {
    const groupHeight = group.bars.length * (barHeight + barGap) - barGap;
    svg.push(
      `<text x="${labelWidth - 8}" y="${y + groupHeight / 2 + 4}" text-anchor="end">${escapeXml(group.label)}</text>`,
    );
    for (const bar of group.bars) {
      const color = panel.series.find((s) => s.name === bar.series)?.color ?? "#888";
      if (bar.value === null) {
        svg.push(`<text x="${labelWidth + 4}" y="${y + barHeight - 3}" class="value">not measured</text>`);
      } else {
        const barWidth = Math.max(1, x(bar.value));
        svg.push(
          `<rect x="${labelWidth}" y="${y}" width="${barWidth.toFixed(1)}" height="${barHeight}" fill="${color}">` +
            `<title>${escapeXml(`${group.label}, ${bar.series}: ${formatValue(bar.value)} ${panel.unit}`)}</title></rect>`,
        );
        svg.push(
          `<text x="${(labelWidth + barWidth + 4).toFixed(1)}" y="${y + barHeight - 3}" class="value">` +
            `${formatValue(bar.value)}</text>`,
        );
      }
      y += barHeight + barGap;
    }
    y += groupGap - barGap;
  }
  const plotBottom = y - groupGap + barGap + 4;
  const grid: string[] = [];
  for (const tick of ticks) {
    const tickX = (labelWidth + x(tick)).toFixed(1);
    grid.push(`<line x1="${tickX}" y1="${plotTop - 4}" x2="${tickX}" y2="${plotBottom}" class="grid"/>`);
    svg.push(`<text x="${tickX}" y="${plotBottom + 14}" text-anchor="middle" class="tick">${tick}</text>`);
  }
  svg.splice(gridAt, 0, ...grid);
  svg.push(
    `<text x="${labelWidth + plotWidth}" y="${plotBottom + 28}" text-anchor="end" class="tick">` +
      `${escapeXml(panel.unit)}${panel.scale === "log" ? ", log scale" : ""}</text>`,
  );
  return { svg, height: plotBottom + 40 - top };
}

export function renderBarChart(panels: readonly ChartPanel[], caption: string): string {
  const body: string[] = [];
  let top = 8;
  for (const panel of panels) {
    const { svg, height } = renderPanel(panel, top);
    body.push(...svg);
    top += height + 10;
  }
  body.push(`<text x="10" y="${top + 6}" class="tick">${escapeXml(caption)}</text>`);
  const height = Math.ceil(top + 18);
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" role="img">`,
    `<title>${escapeXml(panels.map((p) => p.title).join("; "))}</title>`,
    "<style>text{font:12px sans-serif;fill:#222}.title{font-weight:bold;font-size:13px}" +
      ".value{font-size:11px;fill:#444}.tick{font-size:10px;fill:#666}.grid{stroke:#ddd;stroke-width:1}</style>",
    `<rect width="${width}" height="${height}" fill="#fff"/>`,
    ...body,
    "</svg>",
    "",
  ].join("\n");
}
