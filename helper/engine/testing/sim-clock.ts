// The engine-facing Clock and WallClock of a simulation, both read from its event loop.

import type { Clock, WallClock } from "../ports";
import type { EventLoop } from "./event-loop";

/** 2023-11-14T22:13:20Z: a fixed, recent wall-clock origin so handshake timestamps are realistic and repeatable. */
export const defaultUnixEpochAtStartMs = 1_700_000_000_000;

/** Monotonic time is the loop's simulated time; wall time is that plus a fixed origin, so it never jumps. */
export class SimClock implements Clock, WallClock {
  constructor(
    private readonly loop: EventLoop,
    private readonly unixEpochAtStartMs: number = defaultUnixEpochAtStartMs,
  ) {}

  nowMs(): number {
    return this.loop.nowMs();
  }

  unixNowMs(): number {
    return this.unixEpochAtStartMs + this.loop.nowMs();
  }
}
