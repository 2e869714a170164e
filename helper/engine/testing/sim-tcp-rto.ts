// The RTT estimate and retransmission timer both simulated TCP senders use (RFC 6298): smoothed RTT and its
// variation, an RTO of srtt + 4 x rttvar within [minRtoMs, 60 s], doubled on each expiry.

import type { EventHandle, EventLoop } from "./event-loop";

const initialRtoMs = 1000;
/** RFC 6298 allows a 60 s ceiling; Linux uses 120 s. Backoff doubles up to here. */
const maxRtoMs = 60_000;

export class TcpRetransmitTimer {
  srttMs: number | undefined;
  private rttVarMs = 0;
  private rtoMs = initialRtoMs;
  private deadlineMs = Number.POSITIVE_INFINITY;
  private timerAtMs = Number.POSITIVE_INFINITY;
  private handle: EventHandle | undefined;

  /** onExpire runs after the RTO has been doubled and the timer disarmed, so the sender may re-arm it. */
  constructor(
    private readonly loop: EventLoop,
    private readonly minRtoMs: number,
    private readonly onExpire: () => void,
  ) {}

  get armed(): boolean {
    return this.deadlineMs !== Number.POSITIVE_INFINITY;
  }

  sampleRtt(rttMs: number): void {
    if (this.srttMs === undefined) {
      this.srttMs = rttMs;
      this.rttVarMs = rttMs / 2;
    } else {
      this.rttVarMs = 0.75 * this.rttVarMs + 0.25 * Math.abs(this.srttMs - rttMs);
      this.srttMs = 0.875 * this.srttMs + 0.125 * rttMs;
    }
  }

  /** New data was acknowledged: the RTO comes from the estimate again (ending any backoff). */
  refresh(): void {
    this.rtoMs =
      this.srttMs === undefined
        ? initialRtoMs
        : Math.min(Math.max(this.srttMs + 4 * this.rttVarMs, this.minRtoMs), maxRtoMs);
  }

  /** The RTO restarts on every call; one pending event chases the deadline instead of one event per ACK. */
  arm(): void {
    const deadlineMs = this.loop.nowMs() + this.rtoMs;
    this.deadlineMs = deadlineMs;
    if (this.timerAtMs <= deadlineMs) return;
    if (this.handle !== undefined) this.loop.cancel(this.handle);
    this.timerAtMs = deadlineMs;
    this.handle = this.loop.schedule(deadlineMs, this.onTimer);
  }

  disarm(): void {
    this.deadlineMs = Number.POSITIVE_INFINITY;
  }

  private readonly onTimer = (): void => {
    this.handle = undefined;
    this.timerAtMs = Number.POSITIVE_INFINITY;
    const deadlineMs = this.deadlineMs;
    if (deadlineMs === Number.POSITIVE_INFINITY) return;
    if (this.loop.nowMs() < deadlineMs) {
      this.timerAtMs = deadlineMs;
      this.handle = this.loop.schedule(deadlineMs, this.onTimer);
      return;
    }
    this.rtoMs = Math.min(this.rtoMs * 2, maxRtoMs);
    this.deadlineMs = Number.POSITIVE_INFINITY;
    this.onExpire();
  };
}
