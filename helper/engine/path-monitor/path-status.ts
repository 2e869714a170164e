// One path's place in probing -> up -> degraded -> down -> probing/up, with what each state needs to leave it,
// and the flap memory that makes recovery slower each time a path fails again soon after.

import type { PathState } from "../path-types";

/** Consecutive answers (echoes or FEEDBACK progress, without a suspicious gap) since streakStartMs. */
export interface EvidenceStreak {
  readonly startMs: number;
  readonly answers: number;
}

export type PathStatus =
  | {
      readonly kind: "probing";
      readonly sinceMs: number;
      /** Set when probing again after being down: reaching up is then a recovery, after the flap-scaled hold. */
      readonly downSinceMs: number | undefined;
      readonly streak: EvidenceStreak | undefined;
    }
  | { readonly kind: "up"; readonly sinceMs: number }
  | {
      readonly kind: "degraded";
      readonly sinceMs: number;
      readonly reason: string;
      /**
       * "unanswered": what we sent went unanswered (announced, counts as a flap). "reverse-silence": only the
       * peer's datagrams stopped arriving on it; not announced and no flap, since the next arrival clears it.
       */
      readonly cause: "unanswered" | "reverse-silence";
      readonly streak: EvidenceStreak | undefined;
    }
  | { readonly kind: "down"; readonly sinceMs: number; readonly reason: string };

export function stateOf(status: PathStatus): PathState {
  return status.kind;
}

export function extendStreak(streak: EvidenceStreak | undefined, nowMs: number): EvidenceStreak {
  return streak === undefined
    ? { startMs: nowMs, answers: 1 }
    : { startMs: streak.startMs, answers: streak.answers + 1 };
}

const flapWindowMs = 5 * 60_000;
const flapMemory = 16;

/** When the path last left up, over the last five minutes: the recovery hold doubles with each such flap. */
export class FlapHistory {
  private readonly atMs = new Float64Array(flapMemory).fill(Number.NEGATIVE_INFINITY);
  private next = 0;

  record(nowMs: number): void {
    this.atMs[this.next] = nowMs;
    this.next = (this.next + 1) % flapMemory;
  }

  count(nowMs: number): number {
    let n = 0;
    for (const at of this.atMs) if (nowMs - at <= flapWindowMs) n++;
    return n;
  }
}

export interface HoldPolicy {
  /** Hold before a down path may come back up, after its first recent flap. */
  readonly recoverHoldMs: number;
  readonly maxHoldMs: number;
  /** Answers needed to come up the first time. */
  readonly upAnswers: number;
  /** Answers needed to come back up from down. */
  readonly recoverAnswers: number;
  /** Answers needed to clear a suspicion (degraded -> up). */
  readonly clearAnswers: number;
}

/**
 * How long a streak must last before the path is up again. A first suspicion clears at once (a lone false
 * alarm costs nothing); every further flap within five minutes doubles the hold, up to maxHoldMs, so a link
 * that flaps every few hundred ms is held down instead of producing a storm of events.
 */
export function requiredHoldMs(status: PathStatus, flaps: number, policy: HoldPolicy): number {
  const doubling = (extraFlaps: number) =>
    Math.min(policy.recoverHoldMs * 2 ** Math.max(0, extraFlaps), policy.maxHoldMs);
  if (status.kind === "degraded") return flaps <= 1 ? 0 : doubling(flaps - 2);
  if (status.kind === "probing" && status.downSinceMs !== undefined) return doubling(flaps - 1);
  return 0;
}

export function requiredAnswers(status: PathStatus, policy: HoldPolicy): number {
  if (status.kind === "degraded") return policy.clearAnswers;
  if (status.kind === "probing" && status.downSinceMs === undefined) return policy.upAnswers;
  return policy.recoverAnswers;
}
