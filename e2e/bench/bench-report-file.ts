// Writes the Markdown report and its SVG chart (FILE.md and FILE-throughput.svg beside it) from a bench result.
import { writeFileSync } from "node:fs";
import path from "node:path";
import { throughputChart } from "./bench-figures-chart";
import { renderBenchReport } from "./bench-report";
import type { BenchResult } from "./bench-result";

export function chartPathFor(reportFile: string): string {
  const parsed = path.parse(reportFile);
  return path.join(parsed.dir, `${parsed.name}-throughput.svg`);
}

/** Returns the files written. */
export function writeBenchReport(result: BenchResult, reportFile: string): string[] {
  const chartFile = chartPathFor(reportFile);
  writeFileSync(chartFile, throughputChart(result));
  writeFileSync(reportFile, renderBenchReport(result, path.basename(chartFile)));
  return [reportFile, chartFile];
}
