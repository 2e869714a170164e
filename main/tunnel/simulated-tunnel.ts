// A TunnelService that only pretends: believable live paths for the dev bridge's UI tests. Never used by the app.
import type { TunnelState } from "../../helper/control/tunnel-state";
import type { PathState, SchedulerMode } from "../../helper/engine/path-types";
import {
  historyWindowMs,
  maxHistoryEvents,
  maxHistorySamples,
  type PathEvent,
  type PathSnapshot,
  type PathsSample,
  sampleIntervalMs,
} from "../ipc/dashboard-types";
import { HistoryRing } from "./history-ring";
import {
  maxSimulatedPaths,
  type SimulatedLink,
  seededRandom,
  simulatedLinks,
  spreadTraffic,
} from "./simulated-links";
import { simulatedProfileCalls } from "./simulated-profile-calls";
import { createSimulatedProfiles, simulatedProfileText } from "./simulated-profiles";
import { Emitter, type TunnelService, TunnelStateHolder } from "./tunnel-service";

export interface SimulatedTunnelOptions {
  /** The one profile the simulated list starts with (a valid profile name: it goes through the real parser). */
  readonly profileName: string;
  readonly connectDelayMs: number;
  /** 1..8 paths; the first three are fiber, Wi-Fi and LTE. */
  readonly pathCount: number;
  readonly nowMs: () => number;
  readonly schedule: (fn: () => void, delayMs: number) => { cancel(): void };
  /** Same seed, same jitter: tests see the same run every time. */
  readonly seed?: number;
}

/** Test controls the dev bridge exposes beside the IPC API; no real tunnel has them. */
export interface SimulatedTunnel extends TunnelService {
  /** The link stops answering; the simulated monitor declares it down after `lossDetectionMs`. */
  cutPath(interfaceName: string): void;
  restorePath(interfaceName: string): void;
  /** Takes effect at the next connect. */
  setPathCount(count: number): void;
  /**
   * The next connect starts as if it had been up for this long: the history holds that much of a simulated past,
   * so a test can see (and time) full five-minute charts without waiting five minutes.
   */
  setBackfillMs(ms: number): void;
}

/** How long the simulated path monitor takes to call a silent link down (the real one aims under a second). */
export const lossDetectionMs = 300;
/** A restored link probes this long before it carries traffic again. */
const probingMs = 1_000;

interface LivePath {
  readonly id: number;
  readonly link: SimulatedLink;
  state: PathState;
  cutAtMs: number | undefined;
  probingSinceMs: number;
  rttMs: number;
  lossRatio: number;
  bytesUsed: number;
  shareRatio: number;
}

export function createSimulatedTunnel(options: SimulatedTunnelOptions): SimulatedTunnel {
  const holder = new TunnelStateHolder({ state: "disconnected" });
  const samples = new Emitter<PathsSample>();
  const events = new Emitter<PathEvent>();
  const sampleRing = new HistoryRing<PathsSample>(maxHistorySamples, historyWindowMs);
  const eventRing = new HistoryRing<PathEvent>(maxHistoryEvents, historyWindowMs);
  const random = seededRandom(options.seed ?? 0x62726164);
  const profiles = createSimulatedProfiles([{ name: options.profileName, text: simulatedProfileText }]);
  let mode: SchedulerMode = "bond";
  let pathCount = checkedPathCount(options.pathCount);
  let paths: LivePath[] = [];
  let connectedSinceMs = 0;
  let lastTickMs = 0;
  let timer: { cancel(): void } | undefined;
  let backfillMs = 0;
  /** False while replaying a back-filled past: it goes into the history only, not to listeners. */
  let live = true;

  function emitEvent(event: PathEvent): void {
    eventRing.push(event);
    if (live) events.emit(event);
  }

  function emitSample(sample: PathsSample): void {
    sampleRing.push(sample);
    if (live) samples.emit(sample);
  }

  function pathNamed(interfaceName: string): LivePath {
    const path = paths.find((p) => p.link.interface === interfaceName);
    if (path) return path;
    const known = paths.map((p) => p.link.interface).join(", ") || "none (not connected)";
    throw new Error(`no simulated path "${interfaceName}"; the paths are: ${known}`);
  }

  function updateTunnelState(): void {
    const current = holder.state;
    if (current.state !== "connected" && current.state !== "degraded") return;
    const pathsUp = paths.filter((p) => p.state === "up").length;
    const pathsDown = paths.filter((p) => p.state === "down").length;
    const profileName = current.profileName;
    const next: TunnelState =
      pathsDown === 0
        ? { state: "connected", profileName, sinceMs: connectedSinceMs, pathsUp }
        : { state: "degraded", profileName, sinceMs: connectedSinceMs, pathsUp, pathsDown };
    const same =
      next.state === current.state &&
      next.pathsUp === current.pathsUp &&
      (next.state !== "degraded" || (current.state === "degraded" && next.pathsDown === current.pathsDown));
    if (!same) holder.set(next);
  }

  /** One 100 ms step: detection, recovery, traffic, figures, events. */
  function tick(): void {
    step(options.nowMs());
    timer = options.schedule(tick, sampleIntervalMs);
  }

  function step(now: number): void {
    const elapsedSec = Math.min(Math.max(now - lastTickMs, 0), 1_000) / 1_000;
    lastTickMs = now;
    const sharesBefore = new Map(paths.map((p) => [p, p.shareRatio]));

    const wentDown: LivePath[] = [];
    for (const path of paths) {
      if (path.cutAtMs !== undefined && path.state !== "down" && now - path.cutAtMs >= lossDetectionMs) {
        path.state = "down";
        wentDown.push(path);
        emitEvent({
          kind: "path-down",
          atMs: now,
          interface: path.link.interface,
          detail: `${path.link.interface}: no reply to probes for ${lossDetectionMs} ms`,
        });
      } else if (path.state === "probing" && now - path.probingSinceMs >= probingMs) {
        path.state = "up";
        emitEvent({
          kind: "path-up",
          atMs: now,
          interface: path.link.interface,
          detail: `${path.link.interface}: answering probes, carrying traffic again`,
        });
      }
    }

    // Demand wanders slowly (a stream plus bursts) so the charts move like a real session.
    // Timed from the connect, not the wall clock, so every run of a test sees the same curve.
    const sinceMs = now - connectedSinceMs;
    const txDemand = 95e6 + 35e6 * Math.sin(sinceMs / 9_000) + 15e6 * (random() - 0.5);
    const rxDemand = 2.2 * txDemand + 40e6 * Math.sin(sinceMs / 5_300);
    // A cut link still gets traffic until it is declared down: those packets are the loss the monitor sees.
    const carrying = paths.filter((p) => p.state === "up");
    const tx = spreadTraffic(
      mode,
      carrying.map((p) => p.link),
      txDemand,
      (l) => rttOf(l),
    );
    const rx = spreadTraffic(
      mode,
      carrying.map((p) => p.link),
      rxDemand,
      (l) => rttOf(l),
    );
    const txTotal = [...tx.values()].reduce((a, b) => a + b, 0);

    const snapshots: PathSnapshot[] = paths.map((path) => {
      const { link } = path;
      const txBits = tx.get(link) ?? 0;
      const rxBits = path.cutAtMs === undefined ? (rx.get(link) ?? 0) : 0;
      const utilization = Math.max(txBits, rxBits) / link.capacityBitsPerSec;
      if (path.cutAtMs !== undefined) {
        path.lossRatio = Math.min(1, path.lossRatio + 0.35);
      } else if (path.state !== "down") {
        const wander = 0.15 * link.baseRttMs * Math.sin(sinceMs / 7_000 + path.id);
        const queueMs = utilization > 0.8 ? link.baseRttMs * (utilization - 0.8) * 4 : 0;
        const jitter = link.jitterMs * (random() - 0.5) * 2;
        path.rttMs = Math.max(1, 0.7 * path.rttMs + 0.3 * (link.baseRttMs + wander + queueMs + jitter));
        path.lossRatio = Math.min(
          1,
          link.baseLossRatio * (0.4 + 1.2 * random()) + (utilization > 0.95 ? 0.01 : 0),
        );
      }
      path.shareRatio = txTotal > 0 ? txBits / txTotal : 0;
      path.bytesUsed += ((txBits + rxBits) / 8) * elapsedSec;
      const down = path.state === "down";
      return {
        id: path.id,
        interface: link.interface,
        kind: link.kind,
        priority: link.priority,
        state: path.state,
        rttMs: down || path.state === "probing" ? undefined : round(path.rttMs, 1),
        lossRatio: down ? 1 : round(path.lossRatio, 4),
        txBitsPerSec: Math.round(txBits),
        rxBitsPerSec: Math.round(rxBits),
        shareRatio: round(path.shareRatio, 4),
        bytesUsed: Math.round(path.bytesUsed),
        ...(link.dataCapBytes === undefined ? {} : { dataCapBytes: link.dataCapBytes }),
      };
    });

    reportLosses(now, wentDown, sharesBefore);
    updateTunnelState();
    emitSample({ atMs: now, paths: snapshots });
  }

  function reportLosses(now: number, wentDown: LivePath[], sharesBefore: Map<LivePath, number>): void {
    if (wentDown.length === 0) return;
    const up = paths.filter((p) => p.state === "up");
    if (up.length === 0) {
      emitEvent({
        kind: "all-paths-down",
        atMs: now,
        detail: "every path is down; traffic is held until one returns",
      });
      return;
    }
    const busiest = [...up].sort((a, b) => b.shareRatio - a.shareRatio)[0];
    for (const path of wentDown) {
      if ((sharesBefore.get(path) ?? 0) === 0) continue;
      const takers = up.filter((p) => p.shareRatio > 0).map((p) => p.link.interface);
      emitEvent({
        kind: "failover",
        atMs: now,
        fromInterface: path.link.interface,
        toInterface: busiest?.link.interface,
        detail: `${path.link.interface} down: its traffic moved to ${takers.join(", ") || "no path"}`,
      });
    }
  }

  function rttOf(link: SimulatedLink): number {
    return paths.find((p) => p.link === link)?.rttMs ?? link.baseRttMs;
  }

  function startPaths(now: number): void {
    paths = simulatedLinks.slice(0, pathCount).map((link, id) => ({
      id,
      link,
      state: "up",
      cutAtMs: undefined,
      probingSinceMs: now,
      rttMs: link.baseRttMs,
      lossRatio: link.baseLossRatio,
      bytesUsed: link.startBytesUsed,
      shareRatio: 0,
    }));
    for (const path of paths) {
      emitEvent({
        kind: "path-up",
        atMs: now,
        interface: path.link.interface,
        detail: `${path.link.interface}: up`,
      });
    }
    lastTickMs = now;
  }

  return {
    getState: () => holder.state,
    async connect() {
      if (holder.state.state !== "disconnected" && holder.state.state !== "error") return holder.state;
      const profileName = profiles.quickConnect();
      if (profileName === undefined) {
        return holder.set({
          state: "error",
          message: "No profile is imported yet, so there is nothing to connect to.",
          nextStep: "Import one on the Profiles screen, then connect again.",
        });
      }
      const connecting = holder.set({ state: "connecting", profileName, sinceMs: options.nowMs() });
      timer = options.schedule(() => {
        const now = options.nowMs();
        connectedSinceMs = now - backfillMs;
        startPaths(connectedSinceMs);
        live = false;
        for (let t = connectedSinceMs + sampleIntervalMs; t < now; t += sampleIntervalMs) step(t);
        live = true;
        holder.set({ state: "connected", profileName, sinceMs: connectedSinceMs, pathsUp: paths.length });
        tick();
      }, options.connectDelayMs);
      return connecting;
    },
    async disconnect() {
      timer?.cancel();
      timer = undefined;
      const wasActive = paths.length > 0;
      paths = [];
      const state = holder.set({ state: "disconnected" });
      if (wasActive) emitSample({ atMs: options.nowMs(), paths: [] });
      return state;
    },
    getMode: () => mode,
    async setMode(next) {
      mode = next;
      return mode;
    },
    getHistory: () => ({ samples: sampleRing.toArray(), events: eventRing.toArray() }),
    onStateChanged: (listener) => holder.subscribe(listener),
    onPathsSample: (listener) => samples.subscribe(listener),
    onPathEvent: (listener) => events.subscribe(listener),
    ...simulatedProfileCalls(profiles, () => {
      const s = holder.state;
      return s.state === "disconnected" || s.state === "error" ? undefined : s.profileName;
    }),
    cutPath(interfaceName) {
      const path = pathNamed(interfaceName);
      if (path.cutAtMs === undefined) path.cutAtMs = options.nowMs();
    },
    restorePath(interfaceName) {
      const path = pathNamed(interfaceName);
      if (path.cutAtMs === undefined) return;
      path.cutAtMs = undefined;
      path.state = "probing";
      path.probingSinceMs = options.nowMs();
      path.rttMs = path.link.baseRttMs;
    },
    setBackfillMs(ms) {
      if (!Number.isInteger(ms) || ms < 0 || ms > historyWindowMs) {
        throw new RangeError(`backfill is 0..${historyWindowMs} ms, got ${ms}`);
      }
      backfillMs = ms;
    },
    setPathCount(count) {
      pathCount = checkedPathCount(count);
    },
  };
}

function checkedPathCount(count: number): number {
  if (!Number.isInteger(count) || count < 1 || count > maxSimulatedPaths) {
    throw new RangeError(`the simulated tunnel has 1..${maxSimulatedPaths} paths, got ${count}`);
  }
  return count;
}

function round(value: number, digits: number): number {
  const scale = 10 ** digits;
  return Math.round(value * scale) / scale;
}
