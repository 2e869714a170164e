// Formats the dashboard's numbers with their units, at a fixed precision so values do not change width as they tick.

const dash = "—";

export function formatMs(ms: number | undefined): string {
  if (ms === undefined) return dash;
  return ms < 100 ? `${ms.toFixed(1)} ms` : `${Math.round(ms)} ms`;
}

export function formatPercent(ratio: number | undefined): string {
  if (ratio === undefined) return dash;
  const percent = ratio * 100;
  return percent < 10 ? `${percent.toFixed(1)} %` : `${Math.round(percent)} %`;
}

const rateUnits = ["bit/s", "kbit/s", "Mbit/s", "Gbit/s"] as const;

export function formatBitsPerSec(bitsPerSec: number): string {
  let value = bitsPerSec;
  let unit = 0;
  while (value >= 1000 && unit < rateUnits.length - 1) {
    value /= 1000;
    unit += 1;
  }
  return `${value < 100 && unit > 0 ? value.toFixed(1) : Math.round(value)} ${rateUnits[unit]}`;
}

const byteUnits = ["B", "kB", "MB", "GB", "TB"] as const;

/** Decimal units, as carriers count a data cap. */
export function formatBytes(bytes: number): string {
  let value = bytes;
  let unit = 0;
  while (value >= 1000 && unit < byteUnits.length - 1) {
    value /= 1000;
    unit += 1;
  }
  return `${value < 100 && unit > 0 ? value.toFixed(1) : Math.round(value)} ${byteUnits[unit]}`;
}

const pad2 = (n: number) => String(n).padStart(2, "0");

/** Wall-clock time with tenths of a second: events a few hundred ms apart stay in order on screen. */
export function formatClockTime(atMs: number): string {
  const date = new Date(atMs);
  return `${formatAxisTime(atMs, true)}.${Math.floor(date.getMilliseconds() / 100)}`;
}

/**
 * Axis labels: hours and minutes, with seconds when ticks are closer than a minute. Built by hand because
 * toLocaleTimeString builds a formatter per call, which showed up as the charts' biggest cost at 10 Hz.
 */
export function formatAxisTime(atMs: number, withSeconds: boolean): string {
  const date = new Date(atMs);
  const hm = `${pad2(date.getHours())}:${pad2(date.getMinutes())}`;
  return withSeconds ? `${hm}:${pad2(date.getSeconds())}` : hm;
}
