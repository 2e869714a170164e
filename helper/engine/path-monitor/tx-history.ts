// How many datagrams one path had sent by a given past time, so the peer's FEEDBACK counts can be matched
// against what should have arrived by then (stall detection, feedback-based loss).

const defaultBucketMs = 2;
const defaultBucketCount = 1024;

/**
 * Cumulative send counts in buckets of bucketMs, for the last bucketMs * bucketCount ms (about 2 s by default,
 * enough for a bloated LTE round trip). Recording a send is a compare and two stores: it runs per packet.
 */
export class TxHistory {
  private readonly cumulative: Float64Array;
  private newestBucket = Number.NEGATIVE_INFINITY;
  private firstBucket = Number.NEGATIVE_INFINITY;
  private total = 0;

  constructor(
    private readonly bucketMs = defaultBucketMs,
    private readonly bucketCount = defaultBucketCount,
  ) {
    this.cumulative = new Float64Array(bucketCount);
  }

  get totalPackets(): number {
    return this.total;
  }

  recordSend(nowMs: number): void {
    const bucket = Math.floor(nowMs / this.bucketMs);
    if (bucket > this.newestBucket) this.advanceTo(bucket);
    this.total++;
    this.cumulative[this.newestBucket % this.bucketCount] = this.total;
  }

  /**
   * Packets sent in buckets that ended at or before atMs (sends in atMs's own bucket are left out, which only
   * ever makes the count smaller), or undefined when atMs is older than the history reaches.
   */
  packetsSentBefore(atMs: number): number | undefined {
    const bucket = Math.floor(atMs / this.bucketMs) - 1;
    if (bucket >= this.newestBucket) return this.total;
    if (bucket < this.firstBucket) return 0;
    if (bucket <= this.newestBucket - this.bucketCount) return undefined;
    return this.cumulative[bucket % this.bucketCount]!;
  }

  private advanceTo(bucket: number): void {
    if (this.newestBucket === Number.NEGATIVE_INFINITY) {
      this.firstBucket = bucket;
      this.newestBucket = bucket;
      this.cumulative[bucket % this.bucketCount] = this.total;
      return;
    }
    // Buckets skipped while idle hold the unchanged total; a gap longer than the ring rewrites it all once.
    const fillFrom = Math.max(this.newestBucket + 1, bucket - this.bucketCount + 1);
    for (let b = fillFrom; b <= bucket; b++) this.cumulative[b % this.bucketCount] = this.total;
    this.newestBucket = bucket;
  }
}
