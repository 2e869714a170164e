// Path MTU discovery for one path by padded probes (no ICMP, which middleboxes drop): a binary search over
// frame sizes, in steps of WireGuard's 16-byte padding, between a floor assumed to pass and the interface MTU.

import { wireGuardPaddingMultipleBytes } from "./wire-size";

const step = wireGuardPaddingMultipleBytes;
/** A size is declared too big only after this many unanswered probes, so random loss does not shrink the MTU. */
const attemptsPerSize = 2;

export type MtuSearchState =
  | {
      readonly phase: "searching";
      /** Largest frame known (or assumed, for the floor) to pass. */
      readonly passingFrameBytes: number;
      /** Largest frame not yet known to fail. */
      readonly ceilingFrameBytes: number;
      readonly tryingFrameBytes: number;
      readonly failedAttempts: number;
    }
  | { readonly phase: "settled"; readonly passingFrameBytes: number; readonly recheckAtMs: number };

export class MtuSearch {
  private state: MtuSearchState;
  /** The last settled result, kept while a recheck runs so the tunnel MTU does not dip during it. */
  private settledFrameBytes: number | undefined;

  constructor(
    private readonly floorFrameBytes: number,
    private readonly ceilingFrameBytes: number,
  ) {
    this.state = this.startSearch();
  }

  get current(): MtuSearchState {
    return this.state;
  }

  /** Largest frame known to pass: the settled result, else the best found so far (at least the floor). */
  get passingFrameBytes(): number {
    return this.settledFrameBytes ?? this.state.passingFrameBytes;
  }

  get isSettled(): boolean {
    return this.settledFrameBytes !== undefined;
  }

  /** Frame size to probe now, if a probe is due (the caller sends at most one MTU probe at a time). */
  probeDue(nowMs: number): number | undefined {
    if (this.state.phase === "settled") {
      if (nowMs < this.state.recheckAtMs) return undefined;
      this.state = this.startSearch();
    }
    return this.state.phase === "searching" ? this.state.tryingFrameBytes : undefined;
  }

  onEcho(frameBytes: number, nowMs: number, recheckAfterMs: number): void {
    const s = this.state;
    if (s.phase !== "searching" || frameBytes < s.tryingFrameBytes) return;
    this.narrow(frameBytes, s.ceilingFrameBytes, nowMs, recheckAfterMs);
  }

  onLost(frameBytes: number, nowMs: number, recheckAfterMs: number): void {
    const s = this.state;
    if (s.phase !== "searching" || frameBytes !== s.tryingFrameBytes) return;
    if (s.failedAttempts + 1 < attemptsPerSize) {
      this.state = { ...s, failedAttempts: s.failedAttempts + 1 };
      return;
    }
    this.narrow(s.passingFrameBytes, frameBytes - step, nowMs, recheckAfterMs);
  }

  private narrow(passing: number, ceiling: number, nowMs: number, recheckAfterMs: number): void {
    if (passing >= ceiling) {
      this.settledFrameBytes = passing;
      this.state = { phase: "settled", passingFrameBytes: passing, recheckAtMs: nowMs + recheckAfterMs };
      return;
    }
    const halfSteps = Math.ceil((ceiling - passing) / step / 2);
    this.state = {
      phase: "searching",
      passingFrameBytes: passing,
      ceilingFrameBytes: ceiling,
      tryingFrameBytes: passing + halfSteps * step,
      failedAttempts: 0,
    };
  }

  private startSearch(): MtuSearchState {
    // Try the interface MTU first: on most paths it passes and the search ends after one probe.
    return {
      phase: "searching",
      passingFrameBytes: this.floorFrameBytes,
      ceilingFrameBytes: this.ceilingFrameBytes,
      tryingFrameBytes: this.ceilingFrameBytes,
      failedAttempts: 0,
    };
  }
}
