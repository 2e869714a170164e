// The helper's tunnel state machine: only the allowed transitions happen, and each one becomes a tunnel-state event.
import type { ControlEvent } from "./control-schema";
import type { TunnelState, TunnelStateName } from "./tunnel-state";

/** Which states may follow which; anything else is a bug in the caller and is refused. */
const allowedNext: Readonly<Record<TunnelStateName, readonly TunnelStateName[]>> = {
  disconnected: ["connecting"],
  connecting: ["connected", "degraded", "error", "disconnected"],
  connected: ["degraded", "reconnecting", "error", "disconnected"],
  degraded: ["connected", "reconnecting", "error", "disconnected"],
  reconnecting: ["connected", "degraded", "error", "disconnected"],
  error: ["connecting", "disconnected"],
};

export class TunnelStateMachine {
  private current: TunnelState = { state: "disconnected" };

  constructor(
    private readonly onEvent: (event: ControlEvent) => void,
    private readonly nowMs: () => number = Date.now,
  ) {}

  get state(): TunnelState {
    return this.current;
  }

  canMoveTo(next: TunnelStateName): boolean {
    return allowedNext[this.current.state].includes(next);
  }

  /** Moves to `next`, or throws naming both states when the move is not allowed. */
  moveTo(next: TunnelState): void {
    if (!this.canMoveTo(next.state)) {
      throw new Error(
        `tunnel cannot go from ${this.current.state} to ${next.state}; allowed: ${allowedNext[this.current.state].join(", ")}`,
      );
    }
    const from = this.current;
    this.current = next;
    this.onEvent({ kind: "tunnel-state", atMs: this.nowMs(), from, to: next });
  }

  /**
   * The same state with new figures (connected with a third path up): an event when anything but the time
   * changed; sinceMs stays when the state began.
   */
  update(next: TunnelState): void {
    const from = this.current;
    if (next.state !== from.state)
      throw new Error(`update keeps the state; use moveTo for ${from.state} to ${next.state}`);
    const kept = "sinceMs" in from && "sinceMs" in next ? { ...next, sinceMs: from.sinceMs } : next;
    if (JSON.stringify(kept) === JSON.stringify(from)) return;
    this.current = kept;
    this.onEvent({ kind: "tunnel-state", atMs: this.nowMs(), from, to: kept });
  }
}
