// Issues the probes a path is due: a liveness probe on its cadence, and one MTU probe at a time while path MTU
// discovery wants one. Each is recorded (ledger, send history, probe byte counters) as it is issued.

import type { PathId } from "../path-types";
import type { MonitorOptions } from "./monitor-config";
import type { PathRecord } from "./path-record";
import { isProbingLeftToPeer, probeIntervalMs } from "./probe-cadence";
import type { ProbePurpose } from "./probe-ledger";

export interface ProbeRequest {
  readonly pathId: PathId;
  readonly probeId: number;
  /** Size to encode the PROBE frame to: the plain probe size, or larger for an MTU probe. */
  readonly frameBytes: number;
  readonly purpose: ProbePurpose;
}

export class ProbeEmitter {
  /** Probe ids are unique across paths, 1..2^32-1 (the PROBE frame's u32), wrapping. */
  private nextProbeId = 1;

  /** A getter: the monitor's options can change while it runs (the probe rate). */
  constructor(private readonly currentOptions: () => MonitorOptions) {}

  private get options(): MonitorOptions {
    return this.currentOptions();
  }

  emitDue(path: PathRecord, nowMs: number, otherPathUp: boolean, out: ProbeRequest[]): void {
    const o = this.options;
    if (nowMs >= path.nextProbeAtMs) {
      if (!isProbingLeftToPeer(path, nowMs, o))
        out.push(this.issue(path, nowMs, o.frameSizes.probeBytes, "liveness"));
      path.nextProbeAtMs = nowMs + probeIntervalMs(path, nowMs, o, otherPathUp);
    }
    // MTU probes only on an up path (on a failing one a lost probe would say nothing about size), one at a time.
    if (path.status.kind !== "up" || path.ledger.hasPendingMtuProbe()) return;
    if (path.mtu.isSettled && isProbingLeftToPeer(path, nowMs, o)) return;
    const mtuFrameBytes = path.mtu.probeDue(nowMs);
    if (mtuFrameBytes !== undefined) out.push(this.issue(path, nowMs, mtuFrameBytes, "mtu"));
  }

  private issue(path: PathRecord, nowMs: number, frameBytes: number, purpose: ProbePurpose): ProbeRequest {
    const probeId = this.nextProbeId;
    this.nextProbeId = probeId >= 0xffffffff ? 1 : probeId + 1;
    path.ledger.add(probeId, nowMs, frameBytes, purpose);
    path.recordOwnFrame(frameBytes, nowMs, true);
    const timeoutMs =
      purpose === "mtu" ? path.mtuProbeTimeoutMs(this.options) : path.probeTimeoutMs(this.options);
    path.nextTimeoutAtMs = Math.min(path.nextTimeoutAtMs, nowMs + timeoutMs);
    return { pathId: path.pathId, probeId, frameBytes, purpose };
  }
}
