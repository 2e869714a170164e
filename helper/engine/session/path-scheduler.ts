// What a peer needs from the Data Distributor: pick paths for a packet, pace each path's queue.
import type { MonitoredPathMetrics } from "../path-monitor/path-monitor";
import type { PathEvent, PathId, SchedulerMode } from "../path-types";

export interface PathScheduler {
  readonly mode: SchedulerMode;
  setMode(mode: SchedulerMode, nowMs: number): void;
  /** Fresh metrics for a path (after every monitor transition and on each tick). */
  updatePath(metrics: MonitoredPathMetrics, nowMs: number): void;
  removePath(pathId: PathId, nowMs: number): void;
  /** Over capBytes (undefined: no cap) a path gets no more data; usedBytes is what it already used this period. */
  setDataCap(pathId: PathId, capBytes: number | undefined, usedBytes: number, nowMs: number): void;
  /** Paths for one packet; empty means drop it (the scheduler counts why). */
  choose(sizeBytes: number, latencySensitive: boolean, nowMs: number): readonly PathId[];
  /** Bitmask of the paths currently given data (goes into every DATA header). */
  activePathMask(nowMs: number): number;
  /** Queues an encrypted datagram on a path's pacer; false when that queue is full (dropped, counted). */
  enqueue(pathId: PathId, datagram: Uint8Array, latencySensitive: boolean, nowMs: number): boolean;
  /** Hands over every datagram whose pacing time has come. */
  dequeueReady(nowMs: number, send: (pathId: PathId, datagram: Uint8Array) => void): void;
  nextDeadlineMs(): number;
  /** Failover events since the last call: traffic moved off a path (the peer reports them with its own). */
  takeEvents(): PathEvent[];
  readonly counters: Readonly<Record<string, number>>;
}
