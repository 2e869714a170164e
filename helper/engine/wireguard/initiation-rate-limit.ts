// Caps accepted handshake initiations per peer at 50 in any one-second window, so floods cannot burn our CPU.

import { maxInitiationsPerSecond } from "./constants";

const windowMs = 1000;

/**
 * Remembers the times of the last 50 accepted initiations in a ring; a new one is accepted only if the oldest
 * of them is at least a second old. (wireguard-go instead demands 20 ms between any two; both allow 50/s.)
 */
export class InitiationRateLimit {
  private readonly acceptedAtMs = new Float64Array(maxInitiationsPerSecond).fill(Number.NEGATIVE_INFINITY);
  private oldest = 0;

  /** True (and counted) when an initiation at nowMs is within the limit. */
  tryAccept(nowMs: number): boolean {
    if (nowMs - this.acceptedAtMs[this.oldest]! < windowMs) return false;
    this.acceptedAtMs[this.oldest] = nowMs;
    this.oldest = (this.oldest + 1) % maxInitiationsPerSecond;
    return true;
  }
}
