// How often one path is probed, from its state and use: fast when new or suspect, sparse when an idle backup
// or metered path, backing off while down.

import type { MonitorOptions } from "./monitor-config";
import type { PathRecord } from "./path-record";

/**
 * Sparse: an idle backup or metered path, while some other path is up. Once nothing else is up the backup
 * is about to carry the traffic, so it is probed normally to have fresh RTT and state when it does.
 */
export function isSparse(
  path: PathRecord,
  nowMs: number,
  options: MonitorOptions,
  otherPathUp: boolean,
): boolean {
  if (!path.isIdle(nowMs, options)) return false;
  if (path.metered) return true;
  return path.priority === "backup" && otherPathUp;
}

export function probeIntervalMs(
  path: PathRecord,
  nowMs: number,
  options: MonitorOptions,
  otherPathUp: boolean,
): number {
  const status = path.status;
  const elapsedMs = nowMs - status.sinceMs;
  const sparse = isSparse(path, nowMs, options, otherPathUp);
  switch (status.kind) {
    case "probing":
      if (status.downSinceMs !== undefined) return options.probeIntervalMs;
      if (elapsedMs < 2_000) return options.startupProbeIntervalMs;
      if (elapsedMs < 30_000) return options.probeIntervalMs * 2.5;
      return sparse ? options.sparseProbeIntervalMs : options.downSlowProbeIntervalMs;
    case "up":
      if (path.consecutiveTimeouts === 0)
        return sparse ? options.sparseProbeIntervalMs : options.probeIntervalMs;
      // A sparse path re-checks once per round trip rather than flooding probes into an RTT's silence.
      return sparse
        ? Math.max(options.suspectProbeIntervalMs, path.rtt.srttMs ?? options.probeIntervalMs)
        : options.suspectProbeIntervalMs;
    case "degraded":
      return options.suspectProbeIntervalMs;
    case "down":
      if (elapsedMs < options.downFastForMs) return options.downFastProbeIntervalMs;
      if (elapsedMs < options.downSlowForMs) return options.downSlowProbeIntervalMs;
      return sparse ? options.sparseProbeIntervalMs : options.downLongProbeIntervalMs;
  }
}

/**
 * The server stays quiet on an idle up path while the client's probes keep arriving on it: those probes
 * show the path alive, and the client (which knows the path's cost) sets the pace.
 */
export function isProbingLeftToPeer(path: PathRecord, nowMs: number, options: MonitorOptions): boolean {
  if (options.role !== "server" || path.status.kind !== "up") return false;
  if (!path.isIdle(nowMs, options)) return false;
  // The state of a path we send nothing on may go stale for up to this long; the moment we send data on it,
  // it is no longer idle and our own probes and the peer's FEEDBACK take over.
  return nowMs - path.lastPeerProbeAtMs <= options.sparseProbeIntervalMs * 1.5;
}

/** Path MTU is rechecked less often where probe bytes are billed or the path idles. */
export function mtuRecheckMs(
  path: PathRecord,
  nowMs: number,
  options: MonitorOptions,
  otherPathUp: boolean,
): number {
  return isSparse(path, nowMs, options, otherPathUp) ? options.sparseMtuRecheckMs : options.mtuRecheckMs;
}
