// Adapts the Data Distributor to what a peer needs (PathScheduler): ciphertext items, one distributor per peer.
import { DataDistributor } from "../distributor/data-distributor";
import type { MonitoredPathMetrics } from "../path-monitor/path-monitor";
import type { PathId, SchedulerMode } from "../path-types";
import type { PathScheduler } from "./path-scheduler";

export function createDistributorScheduler(mode: SchedulerMode): PathScheduler {
  const distributor = new DataDistributor<Uint8Array>({ mode });
  return {
    get mode() {
      return distributor.mode;
    },
    setMode: (next, nowMs) => distributor.setMode(next, nowMs),
    updatePath: (metrics: MonitoredPathMetrics, nowMs: number) => distributor.updatePath(metrics, nowMs),
    removePath: (pathId: PathId, nowMs: number) => distributor.removePath(pathId, nowMs),
    setDataCap: (pathId, capBytes, usedBytes, nowMs) =>
      distributor.setDataCap(pathId, capBytes, usedBytes, nowMs),
    choose: (sizeBytes, latencySensitive, nowMs) => distributor.choose(sizeBytes, latencySensitive, nowMs),
    activePathMask: (nowMs) => distributor.activePathMask(nowMs),
    enqueue: (pathId, datagram, latencySensitive, nowMs) =>
      distributor.enqueue(pathId, datagram, datagram.length, latencySensitive, nowMs),
    dequeueReady: (nowMs, send) => {
      distributor.dequeueReady(nowMs, (pathId, datagram) => send(pathId, datagram));
    },
    nextDeadlineMs: () => distributor.nextDeadlineMs(),
    takeEvents: () => distributor.takeEvents(),
    get counters() {
      return { ...distributor.counters };
    },
  };
}
