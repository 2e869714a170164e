// A sliding time window folded into a fixed ring of buckets: windowed sums (loss, probe bytes per day) and
// windowed min/max (minimum RTT, bottleneck bandwidth) in constant memory and without per-sample allocation.

export type WindowFold = "sum" | "min" | "max";

const identity: Record<WindowFold, number> = {
  sum: 0,
  min: Number.POSITIVE_INFINITY,
  max: Number.NEGATIVE_INFINITY,
};

function combine(fold: WindowFold, a: number, b: number): number {
  if (fold === "sum") return a + b;
  return fold === "min" ? Math.min(a, b) : Math.max(a, b);
}

/**
 * The window is bucketCount buckets of windowMs / bucketCount each, so a sample leaves the window between
 * windowMs - bucketMs and windowMs after it was added: coarse on purpose, the callers need a trend, not a ledger.
 */
export class BucketedWindow {
  private readonly bucketMs: number;
  private readonly values: Float64Array;
  /** Absolute bucket number held by each slot; a slot whose number is out of the window is empty. */
  private readonly bucketNumbers: Float64Array;

  constructor(
    private readonly fold: WindowFold,
    windowMs: number,
    private readonly bucketCount = 10,
  ) {
    this.bucketMs = windowMs / bucketCount;
    this.values = new Float64Array(bucketCount).fill(identity[fold]);
    this.bucketNumbers = new Float64Array(bucketCount).fill(Number.NEGATIVE_INFINITY);
  }

  add(value: number, nowMs: number): void {
    if (!Number.isFinite(value)) return;
    const bucket = Math.floor(nowMs / this.bucketMs);
    const slot = bucket % this.bucketCount;
    if (this.bucketNumbers[slot] !== bucket) {
      this.bucketNumbers[slot] = bucket;
      this.values[slot] = value;
      return;
    }
    this.values[slot] = combine(this.fold, this.values[slot]!, value);
  }

  /** The fold over the window, or undefined when nothing was added within it. */
  value(nowMs: number): number | undefined {
    const newest = Math.floor(nowMs / this.bucketMs);
    let result = identity[this.fold];
    let any = false;
    for (let slot = 0; slot < this.bucketCount; slot++) {
      const bucket = this.bucketNumbers[slot]!;
      if (bucket <= newest - this.bucketCount || bucket > newest) continue;
      result = combine(this.fold, result, this.values[slot]!);
      any = true;
    }
    return any ? result : undefined;
  }

  /** Sum windows read as 0 when empty. */
  sum(nowMs: number): number {
    return this.value(nowMs) ?? 0;
  }

  reset(): void {
    this.values.fill(identity[this.fold]);
    this.bucketNumbers.fill(Number.NEGATIVE_INFINITY);
  }
}
