// WireGuard's five per-peer timers (wireguard-go timers.go) as deadlines: driven by events and tick, never by a clock.

import { keepaliveTimeoutMs, maxTimerHandshakes, rekeyTimeoutMs, zeroKeyMaterialAfterMs } from "./constants";

/** Bit flags naming the timers that fired in one takeExpired() call. */
export const timerRetransmitHandshake = 1;
export const timerSendKeepalive = 2;
export const timerNewHandshake = 4;
export const timerZeroKeyMaterial = 8;
export const timerPersistentKeepalive = 16;
const timerCount = 5;
const idle = Number.POSITIVE_INFINITY;

const slotOf = (timer: number) => Math.log2(timer);

/**
 * Event methods carry wireguard-go's names (timersDataSent...) and the same rules; a deadline of Infinity is a
 * timer that is not pending. The owner calls takeExpired() from its tick and performs what fired.
 */
export class PeerTimers {
  private readonly deadlinesMs = new Float64Array(timerCount).fill(idle);
  handshakeAttempts = 0;
  /** Data arrived while a passive keepalive was already pending: send one more after it. */
  needAnotherKeepalive = false;
  /** An initiator already asked for a new handshake because its keypair is close to REJECT_AFTER_TIME. */
  sentLastMinuteHandshake = false;

  constructor(
    /** Uniform jitter in [0, 334) ms; drawn only when a timer is actually armed with it. */
    private readonly jitterMs: () => number,
    public persistentKeepaliveMs: number,
  ) {}

  /** After an authenticated data (non-keepalive) packet is sent: expect an answer within 15 s. */
  dataSent(nowMs: number): void {
    if (!this.isPending(timerNewHandshake)) {
      this.arm(timerNewHandshake, nowMs + keepaliveTimeoutMs + rekeyTimeoutMs + this.jitterMs());
    }
  }

  /** After authenticated data is received: answer with a keepalive in 10 s unless we send something first. */
  dataReceived(nowMs: number): void {
    if (!this.isPending(timerSendKeepalive)) this.arm(timerSendKeepalive, nowMs + keepaliveTimeoutMs);
    else this.needAnotherKeepalive = true;
  }

  anyAuthenticatedPacketSent(): void {
    this.disarm(timerSendKeepalive);
  }

  anyAuthenticatedPacketReceived(): void {
    this.disarm(timerNewHandshake);
  }

  handshakeInitiated(nowMs: number): void {
    this.arm(timerRetransmitHandshake, nowMs + rekeyTimeoutMs + this.jitterMs());
  }

  handshakeComplete(): void {
    this.disarm(timerRetransmitHandshake);
    this.handshakeAttempts = 0;
    this.sentLastMinuteHandshake = false;
  }

  sessionDerived(nowMs: number): void {
    this.arm(timerZeroKeyMaterial, nowMs + zeroKeyMaterialAfterMs);
  }

  /** Before any authenticated packet is sent or after one is received. */
  anyAuthenticatedPacketTraversal(nowMs: number): void {
    if (this.persistentKeepaliveMs > 0)
      this.arm(timerPersistentKeepalive, nowMs + this.persistentKeepaliveMs);
  }

  /** The retransmission timer fired: true while attempts remain (and counts one), false once it gives up. */
  retryHandshake(): boolean {
    if (this.handshakeAttempts > maxTimerHandshakes) return false;
    this.handshakeAttempts++;
    return true;
  }

  /** After giving up: stop keepalives and erase keys in 9 minutes unless a handshake succeeds meanwhile. */
  gaveUpHandshake(nowMs: number): void {
    this.disarm(timerSendKeepalive);
    if (!this.isPending(timerZeroKeyMaterial)) this.arm(timerZeroKeyMaterial, nowMs + zeroKeyMaterialAfterMs);
  }

  /** After a passive keepalive went out. */
  keepaliveSent(nowMs: number): void {
    if (this.needAnotherKeepalive) {
      this.needAnotherKeepalive = false;
      this.arm(timerSendKeepalive, nowMs + keepaliveTimeoutMs);
    }
  }

  /** Fires at nowMs (WireGuard sends a keepalive as soon as persistent keepalive is configured). */
  startPersistentKeepalive(nowMs: number): void {
    if (this.persistentKeepaliveMs > 0) this.arm(timerPersistentKeepalive, nowMs);
  }

  nextDeadlineMs(): number {
    let earliest = idle;
    for (let slot = 0; slot < timerCount; slot++) earliest = Math.min(earliest, this.deadlinesMs[slot]!);
    return earliest;
  }

  /** Bit flags of the timers due at nowMs; they are no longer pending afterwards. */
  takeExpired(nowMs: number): number {
    let fired = 0;
    for (let slot = 0; slot < timerCount; slot++) {
      if (this.deadlinesMs[slot]! <= nowMs) {
        this.deadlinesMs[slot] = idle;
        fired |= 1 << slot;
      }
    }
    return fired;
  }

  isPending(timer: number): boolean {
    return this.deadlinesMs[slotOf(timer)]! !== idle;
  }

  stopAll(): void {
    this.deadlinesMs.fill(idle);
  }

  private arm(timer: number, atMs: number): void {
    this.deadlinesMs[slotOf(timer)] = atMs;
  }

  private disarm(timer: number): void {
    this.deadlinesMs[slotOf(timer)] = idle;
  }
}
