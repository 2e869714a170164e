// The rules that move one path between probing, up, degraded and down, and the events they raise.
//
// Evidence (a probe echo, or FEEDBACK showing progress) builds a streak that brings a path up after enough
// answers and, when it has flapped recently, a hold. Suspicion (probe timeouts in a row, or FEEDBACK showing
// due packets unanswered) makes an up path degraded at once, so no new data goes there; stronger suspicion
// makes it down. A path that fails again while coming back goes down silently: it was never announced up.

import type { PathEventKind } from "../path-types";
import type { MonitorOptions } from "./monitor-config";
import type { PathRecord } from "./path-record";
import { extendStreak, requiredAnswers, requiredHoldMs } from "./path-status";

export type EventSink = (kind: PathEventKind, path: PathRecord, nowMs: number, detail: string) => void;

/** Proof the path delivers; returns true if the state changed. */
export function recordEvidence(
  path: PathRecord,
  nowMs: number,
  options: MonitorOptions,
  emit: EventSink,
): boolean {
  path.lastEvidenceAtMs = nowMs;
  path.consecutiveTimeouts = 0;
  const s = path.status;
  switch (s.kind) {
    case "up":
      return false;
    case "down":
      path.status = {
        kind: "probing",
        sinceMs: nowMs,
        downSinceMs: s.sinceMs,
        streak: extendStreak(undefined, nowMs),
      };
      break;
    case "degraded":
      // FEEDBACK progress here is about packets sent before the silence: only an arrival on the path clears it.
      if (s.cause === "reverse-silence") return false;
      path.status = { ...s, streak: extendStreak(s.streak, nowMs) };
      break;
    case "probing":
      path.status = { ...s, streak: extendStreak(s.streak, nowMs) };
      break;
  }
  return promoteIfHeld(path, nowMs, options, emit) || s.kind === "down";
}

function promoteIfHeld(path: PathRecord, nowMs: number, options: MonitorOptions, emit: EventSink): boolean {
  const s = path.status;
  if (s.kind !== "probing" && s.kind !== "degraded") return false;
  const streak = s.streak;
  if (streak === undefined || streak.answers < requiredAnswers(s, options.hold)) return false;
  const holdMs = requiredHoldMs(s, path.flaps.count(nowMs), options.hold);
  if (nowMs - streak.startMs < holdMs) return false;
  path.status = { kind: "up", sinceMs: nowMs };
  if (s.kind === "probing" && s.downSinceMs === undefined && !path.everUp) {
    emit("path-up", path, nowMs, `${streak.answers} answers`);
  } else {
    emit(
      "path-recovered",
      path,
      nowMs,
      `${streak.answers} answers over ${Math.round(nowMs - streak.startMs)} ms`,
    );
  }
  path.everUp = true;
  return true;
}

/** Something looks wrong: an up path is degraded (no new data) and a streak under way starts over. */
export function recordSuspicion(path: PathRecord, nowMs: number, reason: string, emit: EventSink): boolean {
  const s = path.status;
  if (s.kind === "up" || (s.kind === "degraded" && s.cause === "reverse-silence")) {
    announceDegraded(path, nowMs, reason, emit);
    return s.kind === "up";
  }
  if ((s.kind === "probing" || s.kind === "degraded") && s.streak !== undefined) {
    path.status = { ...s, streak: undefined };
  }
  return false;
}

function announceDegraded(path: PathRecord, nowMs: number, reason: string, emit: EventSink): void {
  path.flaps.record(nowMs);
  path.status = { kind: "degraded", sinceMs: nowMs, reason, cause: "unanswered", streak: undefined };
  emit("path-degraded", path, nowMs, reason);
}

/**
 * Nothing arrives on an up path we send data on, while other paths deliver: no new data goes there until the
 * next arrival clears it or the peer's FEEDBACK confirms the stall. Silent, as a false alarm costs a few ms.
 */
export function recordReverseSilence(path: PathRecord, nowMs: number, reason: string): boolean {
  if (path.status.kind !== "up") return false;
  path.status = { kind: "degraded", sinceMs: nowMs, reason, cause: "reverse-silence", streak: undefined };
  return true;
}

/** Something arrived on the path: a suspicion from reverse silence alone is void. */
export function clearReverseSilence(path: PathRecord, nowMs: number): boolean {
  const s = path.status;
  if (s.kind !== "degraded" || s.cause !== "reverse-silence") return false;
  path.status = { kind: "up", sinceMs: nowMs };
  return true;
}

/** The path does not deliver. */
export function recordDeath(path: PathRecord, nowMs: number, reason: string, emit: EventSink): boolean {
  const s = path.status;
  switch (s.kind) {
    case "down":
      return false;
    case "up":
      path.flaps.record(nowMs);
      path.status = { kind: "down", sinceMs: nowMs, reason };
      emit("path-down", path, nowMs, reason);
      return true;
    case "degraded":
      // A silent suspicion was never announced: the timeline still shows degraded before down.
      if (s.cause === "reverse-silence") announceDegraded(path, nowMs, reason, emit);
      path.status = { kind: "down", sinceMs: nowMs, reason };
      emit("path-down", path, nowMs, reason);
      return true;
    case "probing":
      // Never announced up since it went down (or ever): back to down without an event, keeping the original
      // down time so the probe back-off continues where it was.
      if (s.downSinceMs === undefined) {
        if (s.streak !== undefined) path.status = { ...s, streak: undefined };
        return false;
      }
      path.status = { kind: "down", sinceMs: s.downSinceMs, reason };
      return true;
  }
}

/** A liveness probe went unanswered. */
export function recordProbeTimeout(
  path: PathRecord,
  nowMs: number,
  options: MonitorOptions,
  emit: EventSink,
): boolean {
  path.consecutiveTimeouts++;
  const n = path.consecutiveTimeouts;
  const reason = `${n} probes in a row unanswered`;
  if (n >= options.downAfterTimeouts && path.status.kind !== "up")
    return recordDeath(path, nowMs, reason, emit);
  if (n >= options.suspectAfterTimeouts) return recordSuspicion(path, nowMs, reason, emit);
  // Two in a row already break a streak under way: a recovering path must answer steadily.
  if (n >= 2 && path.status.kind !== "up") return recordSuspicion(path, nowMs, reason, emit);
  return false;
}

/** A path degraded for too long answers too irregularly to carry data. */
export function expireDegraded(
  path: PathRecord,
  nowMs: number,
  options: MonitorOptions,
  emit: EventSink,
): boolean {
  const s = path.status;
  if (s.kind !== "degraded" || nowMs - s.sinceMs < options.maxDegradedMs) return false;
  return recordDeath(path, nowMs, `still degraded after ${options.maxDegradedMs} ms (${s.reason})`, emit);
}
