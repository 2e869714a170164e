// Folds 10 Hz path samples into one-second chart points over five minutes: what the charts draw, bounded and cheap to render.
import { historyWindowMs, type PathsSample } from "../../../main/ipc/dashboard-types";

/** Per path id, the mean over one bucket; null where the path was down, absent or not connected. */
export interface ChartPoint {
  readonly atMs: number;
  readonly rttMs: readonly (number | null)[];
  readonly lossPercent: readonly (number | null)[];
  readonly throughputMbitPerSec: readonly (number | null)[];
}

export interface ChartSeries {
  /** Oldest first; the last point is the bucket still filling. */
  readonly points: readonly ChartPoint[];
  /** Running sums of the open bucket, so each sample costs O(paths), not O(points). */
  readonly open: OpenBucket | undefined;
}

interface OpenBucket {
  readonly startMs: number;
  /** One more than the highest path id seen, down paths included, so every array has a slot per path. */
  width: number;
  readonly sums: { rtt: number[]; loss: number[]; tput: number[] };
  readonly counts: { rtt: number[]; other: number[] };
}

export const bucketMs = 2_000;
export const emptySeries: ChartSeries = { points: [], open: undefined };

function newBucket(startMs: number): OpenBucket {
  return { startMs, width: 0, sums: { rtt: [], loss: [], tput: [] }, counts: { rtt: [], other: [] } };
}

function add(values: number[], index: number, amount: number): void {
  values[index] = (values[index] ?? 0) + amount;
}

function meanOf(sums: readonly number[], counts: readonly number[], length: number): (number | null)[] {
  const out: (number | null)[] = [];
  for (let i = 0; i < length; i++) {
    const count = counts[i] ?? 0;
    out.push(count > 0 ? (sums[i] ?? 0) / count : null);
  }
  return out;
}

function pointOf(bucket: OpenBucket): ChartPoint {
  const length = bucket.width;
  return {
    atMs: bucket.startMs,
    rttMs: meanOf(bucket.sums.rtt, bucket.counts.rtt, length),
    lossPercent: meanOf(bucket.sums.loss, bucket.counts.other, length),
    throughputMbitPerSec: meanOf(bucket.sums.tput, bucket.counts.other, length),
  };
}

/** Returns a new series (new points array) with the samples folded in; the input is not changed. */
export function appendSamples(series: ChartSeries, samples: readonly PathsSample[]): ChartSeries {
  if (samples.length === 0) return series;
  const points = series.points.slice();
  let open = series.open;
  for (const sample of samples) {
    const startMs = Math.floor(sample.atMs / bucketMs) * bucketMs;
    if (!open || startMs !== open.startMs) {
      open = newBucket(startMs);
      points.push(pointOf(open));
    } else {
      // Copy before writing: the previous series may still be on screen.
      open = {
        startMs,
        width: open.width,
        sums: { rtt: [...open.sums.rtt], loss: [...open.sums.loss], tput: [...open.sums.tput] },
        counts: { rtt: [...open.counts.rtt], other: [...open.counts.other] },
      };
    }
    for (const path of sample.paths) {
      open.width = Math.max(open.width, path.id + 1);
      // A down path has no latency and 100 % loss; its line stops rather than spiking the scale.
      if (path.state === "down") continue;
      if (path.rttMs !== undefined) {
        add(open.sums.rtt, path.id, path.rttMs);
        add(open.counts.rtt, path.id, 1);
      }
      add(open.sums.loss, path.id, path.lossRatio * 100);
      add(open.sums.tput, path.id, (path.txBitsPerSec + path.rxBitsPerSec) / 1e6);
      add(open.counts.other, path.id, 1);
    }
    points[points.length - 1] = pointOf(open);
  }
  const newestMs = points.at(-1)?.atMs ?? 0;
  const firstKept = points.findIndex((p) => p.atMs >= newestMs - historyWindowMs);
  return { points: firstKept > 0 ? points.slice(firstKept) : points, open };
}
