// The probes one path has in flight: matches echoes to what was sent and declares the unanswered ones lost.

export type ProbePurpose = "liveness" | "mtu";

const slotEmpty = 0;
const slotPending = 1;
const slotAnswered = 2;
const slotLost = 3;

/** What an echo matched; reused between calls (read it before the next answer()). */
export interface AnsweredProbe {
  purpose: ProbePurpose;
  sentAtMs: number;
  frameBytes: number;
  /** The probe had already been declared lost (a late echo): the caller undoes that loss. */
  wasDeclaredLost: boolean;
}

export type LostProbeHandler = (purpose: ProbePurpose, frameBytes: number, sentAtMs: number) => void;

/**
 * A ring of the last `capacity` probes. A probe pushed out of the ring while still pending is simply forgotten:
 * with at most one probe per 10 ms and timeouts bounded well under capacity * 10 ms, that does not happen.
 */
export class ProbeLedger {
  private readonly probeIds: Float64Array;
  private readonly sentAtMs: Float64Array;
  private readonly frameBytes: Float64Array;
  private readonly isMtu: Uint8Array;
  private readonly status: Uint8Array;
  private writeIndex = 0;
  private readonly answered: AnsweredProbe = {
    purpose: "liveness",
    sentAtMs: 0,
    frameBytes: 0,
    wasDeclaredLost: false,
  };

  constructor(private readonly capacity = 128) {
    this.probeIds = new Float64Array(capacity);
    this.sentAtMs = new Float64Array(capacity);
    this.frameBytes = new Float64Array(capacity);
    this.isMtu = new Uint8Array(capacity);
    this.status = new Uint8Array(capacity);
  }

  add(probeId: number, sentAtMs: number, frameBytes: number, purpose: ProbePurpose): void {
    const slot = this.writeIndex;
    this.writeIndex = (slot + 1) % this.capacity;
    this.probeIds[slot] = probeId;
    this.sentAtMs[slot] = sentAtMs;
    this.frameBytes[slot] = frameBytes;
    this.isMtu[slot] = purpose === "mtu" ? 1 : 0;
    this.status[slot] = slotPending;
  }

  /** Marks the probe answered; undefined for unknown ids and for a second echo of the same probe. */
  answer(probeId: number): AnsweredProbe | undefined {
    for (let slot = 0; slot < this.capacity; slot++) {
      if (this.probeIds[slot] !== probeId) continue;
      const status = this.status[slot];
      if (status !== slotPending && status !== slotLost) return undefined;
      this.status[slot] = slotAnswered;
      this.answered.purpose = this.isMtu[slot] === 1 ? "mtu" : "liveness";
      this.answered.sentAtMs = this.sentAtMs[slot]!;
      this.answered.frameBytes = this.frameBytes[slot]!;
      this.answered.wasDeclaredLost = status === slotLost;
      return this.answered;
    }
    return undefined;
  }

  /**
   * Declares lost, oldest first, every pending probe older than its timeout and returns the earliest time a
   * still-pending probe will time out (Infinity when none is pending).
   */
  expire(nowMs: number, livenessTimeoutMs: number, mtuTimeoutMs: number, onLost: LostProbeHandler): number {
    let nextTimeoutAtMs = Number.POSITIVE_INFINITY;
    for (let step = 0; step < this.capacity; step++) {
      const slot = (this.writeIndex + step) % this.capacity;
      if (this.status[slot] !== slotPending) continue;
      const mtu = this.isMtu[slot] === 1;
      const timeoutAtMs = this.sentAtMs[slot]! + (mtu ? mtuTimeoutMs : livenessTimeoutMs);
      if (timeoutAtMs <= nowMs) {
        this.status[slot] = slotLost;
        onLost(mtu ? "mtu" : "liveness", this.frameBytes[slot]!, this.sentAtMs[slot]!);
      } else if (timeoutAtMs < nextTimeoutAtMs) {
        nextTimeoutAtMs = timeoutAtMs;
      }
    }
    return nextTimeoutAtMs;
  }

  hasPendingMtuProbe(): boolean {
    for (let slot = 0; slot < this.capacity; slot++) {
      if (this.status[slot] === slotPending && this.isMtu[slot] === 1) return true;
    }
    return false;
  }

  clear(): void {
    this.status.fill(slotEmpty);
  }
}
