// Turns engine snapshots into 10 Hz path-metrics events (rates from byte-counter deltas) and keeps five minutes of history.
import type { PeerSnapshot } from "../engine/session/engine-api";
import type { ControlEvent, PathMetricsSample } from "./control-schema";

export const SAMPLE_INTERVAL_MS = 100;
export const HISTORY_WINDOW_MS = 5 * 60 * 1000;

/** Every event of the last five minutes, oldest first, for subscribers that join late. */
export class EventHistory {
  private readonly events: ControlEvent[] = [];
  constructor(private readonly windowMs: number = HISTORY_WINDOW_MS) {}

  add(event: ControlEvent): void {
    this.events.push(event);
    const oldestMs = event.atMs - this.windowMs;
    let drop = 0;
    while (drop < this.events.length && this.events[drop]!.atMs < oldestMs) drop++;
    if (drop > 0) this.events.splice(0, drop);
  }

  snapshot(): readonly ControlEvent[] {
    return [...this.events];
  }
}

interface Previous {
  readonly atMs: number;
  readonly bytes: ReadonlyMap<string, { readonly txBytes: number; readonly rxBytes: number }>;
}

export class MetricsSampler {
  private previous: Previous | undefined;

  /**
   * One sample from the engine's current snapshot; the first call only sets the baseline (rates need two points).
   * bytesUsed: the month's usage per path where the host keeps it (data caps count per month), else this tunnel's.
   */
  sample(
    peers: readonly PeerSnapshot[],
    atMs: number,
    bytesUsed?: (path: PeerSnapshot["paths"][number]) => number,
  ): ControlEvent | undefined {
    const bytes = new Map<string, { txBytes: number; rxBytes: number }>();
    for (const peer of peers)
      for (const p of peer.paths) bytes.set(p.name, { txBytes: p.txBytes, rxBytes: p.rxBytes });
    const previous = this.previous;
    this.previous = { atMs, bytes };
    if (!previous || atMs <= previous.atMs) return undefined;
    const elapsedSec = (atMs - previous.atMs) / 1000;
    const txDeltaBytes = new Map<string, number>();
    let totalTxDeltaBytes = 0;
    for (const [name, now] of bytes) {
      // A counter that went backwards (engine restarted) counts as a fresh start, not a negative rate.
      const delta = Math.max(0, now.txBytes - (previous.bytes.get(name)?.txBytes ?? now.txBytes));
      txDeltaBytes.set(name, delta);
      totalTxDeltaBytes += delta;
    }
    const paths: PathMetricsSample[] = [];
    for (const peer of peers) {
      for (const p of peer.paths) {
        const before = previous.bytes.get(p.name);
        const txDelta = txDeltaBytes.get(p.name) ?? 0;
        const rxDelta = before ? Math.max(0, p.rxBytes - before.rxBytes) : 0;
        paths.push({
          interface: p.name,
          state: p.state,
          rttMs: p.srttMs,
          lossRatio: p.lossRatio,
          txBitsPerSec: (txDelta * 8) / elapsedSec,
          rxBitsPerSec: (rxDelta * 8) / elapsedSec,
          shareRatio: totalTxDeltaBytes > 0 ? txDelta / totalTxDeltaBytes : 0,
          bytesUsed: bytesUsed?.(p) ?? p.txBytes + p.rxBytes,
        });
      }
    }
    return { kind: "path-metrics", atMs, paths };
  }
}
