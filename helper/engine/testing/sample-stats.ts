// Small measurement accumulators for the simulator: running min/mean/max and percentiles of kept samples.

/** Count, sum, min and max of a stream of values, in O(1) memory. */
export class RunningStats {
  count = 0;
  sum = 0;
  min = Number.POSITIVE_INFINITY;
  max = Number.NEGATIVE_INFINITY;

  add(value: number): void {
    this.count++;
    this.sum += value;
    if (value < this.min) this.min = value;
    if (value > this.max) this.max = value;
  }

  /** NaN when nothing was added, so an empty measurement cannot pass for zero. */
  get mean(): number {
    return this.count === 0 ? Number.NaN : this.sum / this.count;
  }
}

/** Keeps up to capacityCount samples (then counts the rest without keeping them) for percentiles. */
export class SampleSet {
  private readonly values: number[] = [];
  private ignored = 0;

  constructor(private readonly capacityCount: number) {}

  add(value: number): void {
    if (this.values.length < this.capacityCount) this.values.push(value);
    else this.ignored++;
  }

  get keptCount(): number {
    return this.values.length;
  }

  get ignoredCount(): number {
    return this.ignored;
  }

  /** Nearest-rank percentile for q in [0, 1]; NaN when empty. */
  percentile(q: number): number {
    return percentile(this.values, q);
  }
}

/** Nearest-rank percentile of values (not modified) for q in [0, 1]; NaN when empty. */
export function percentile(values: readonly number[], q: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = Float64Array.from(values).sort();
  const rank = Math.ceil(Math.min(Math.max(q, 0), 1) * sorted.length);
  return sorted[Math.max(rank - 1, 0)]!;
}
