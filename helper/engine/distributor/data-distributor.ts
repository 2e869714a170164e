// Data Distributor: picks the path(s) for each outgoing packet (the session's scheduler, path priorities, data
// caps) and paces each path's queue so no bottleneck is overrun. Pure and clock-injected; items are opaque
// (ciphertext buffers), encrypted once and enqueued on every path chosen.
//
// Rules every scheduler obeys:
// - Only up paths under their data cap get new data (degraded/down paths get probes only, from the monitor).
// - Priorities: primaries first; secondaries only when every primary is full (saturated) or none is up;
//   backups only when no primary or secondary is up. With no usable path at all, the path that answered last
//   keeps the traffic (all-paths-down; the monitor raises the alert).
// - Latency-sensitive packets (small packets, DNS, ICMP: the caller's classification) go to the lowest-RTT
//   usable path whatever the bond/weighted/round-robin/loss-aware/lowest-latency choice would be, in a lane
//   that jumps queued bulk. Redundant mode already copies them onto the best paths; failover has one path.
// - choose() returning no path means drop: counters say why. Queues are bounded (see earliest-arrival.ts and
//   fair-share.ts), so a full tunnel drops rather than queues without bound.
//
// Per packet: choose(size, latencySensitive, now) -> path ids (a reused array: read before the next call);
// enqueue(pathId, item, size, latencySensitive, now) for each; dequeueReady(now, send) at nextDeadlineMs().

import type { PathEvent, PathId, SchedulerMode } from "../path-types";
import { type DistributorCounters, newDistributorCounters, type PathSendStats } from "./distributor-counters";
import { type DistributorOptions, defaultDistributorOptions } from "./distributor-options";
import { chooseEarliestArrival } from "./earliest-arrival";
import { FailoverChoice } from "./failover-choice";
import { FairShare, hasRoom, RoundRobin } from "./fair-share";
import { type DistributorPathView, PathLane } from "./path-lane";
import { activePathMask, lastAnswered, lowestRtt, usableTiers } from "./path-tiers";
import { chooseForLatency, chooseLowestLatency, chooseRedundant } from "./ranked-choice";

export type { DistributorCounters, PathSendStats } from "./distributor-counters";
export type { DistributorPathView } from "./path-lane";

export type SendItem<T> = (pathId: PathId, item: T, sizeBytes: number) => void;

export class DataDistributor<T> {
  private readonly o: DistributorOptions;
  private modeNow: SchedulerMode;
  private copies: number;
  private readonly lanes = new Map<PathId, PathLane<T>>();
  /** Usable paths by tier, in priority order; rebuilt when eligibility or priorities change. */
  private tiers: PathLane<T>[][] = [];
  private tiersDirty = true;
  private readonly chosen: PathId[] = [];
  private readonly fair = new FairShare();
  private readonly roundRobin = new RoundRobin();
  private readonly failover = new FailoverChoice();
  private events: PathEvent[] = [];
  private nextDeadline = Number.POSITIVE_INFINITY;
  readonly counters: DistributorCounters = newDistributorCounters();

  constructor(
    options: Partial<DistributorOptions> = {},
    private readonly releaseItem: (item: T) => void = () => {},
  ) {
    this.o = { ...defaultDistributorOptions, ...options };
    this.modeNow = this.o.mode;
    this.copies = Math.max(1, Math.floor(this.o.redundancy));
  }

  get mode(): SchedulerMode {
    return this.modeNow;
  }

  setMode(mode: SchedulerMode, nowMs: number): void {
    this.modeNow = mode;
    if (mode === "failover") this.reselectFailover(nowMs);
  }

  setRedundancy(copies: number): void {
    if (Number.isFinite(copies)) this.copies = Math.max(1, Math.floor(copies));
  }

  /** Feed the Path Monitor's latest view of a path (adds it if new); call whenever it changes. */
  updatePath(view: DistributorPathView, nowMs: number): void {
    let lane = this.lanes.get(view.pathId);
    if (lane === undefined) {
      if (this.lanes.size >= this.o.maxPaths) return;
      lane = new PathLane<T>(view, this.o, nowMs);
      this.lanes.set(view.pathId, lane);
      this.tiersDirty = true;
    } else {
      const wasEligible = lane.isEligible;
      if (view.priority !== lane.view.priority || view.state !== lane.view.state) this.tiersDirty = true;
      lane.update(view, nowMs);
      if (wasEligible && !lane.isEligible) this.onLostPath(lane, nowMs, `path ${view.state}`);
    }
    const owdMs = view.relativeOneWayDelayMs ?? (view.srttMs ?? 0) / 2;
    lane.owdMs = Number.isFinite(owdMs) && owdMs >= 0 ? owdMs : 0;
    if (this.modeNow === "failover") this.reselectFailover(nowMs);
  }

  removePath(pathId: PathId, nowMs: number): void {
    const lane = this.lanes.get(pathId);
    if (lane === undefined) return;
    this.lanes.delete(pathId);
    this.tiersDirty = true;
    this.onLostPath(lane, nowMs, "path removed", lane.isEligible);
  }

  /** A known rate for a path (e.g. the LTE plan's): used as its weight and as a cap on its pacing rate. */
  setConfiguredRate(pathId: PathId, rateBitsPerSec: number | undefined): void {
    const lane = this.lanes.get(pathId);
    if (lane !== undefined) lane.configuredRateBitsPerSec = rateBitsPerSec;
  }

  /** Over its cap a path gets no more data (a failover event says so); usedBytes carries earlier usage. */
  setDataCap(pathId: PathId, capBytes: number | undefined, usedBytes: number, nowMs: number): void {
    const lane = this.lanes.get(pathId);
    if (lane === undefined) return;
    const wasEligible = lane.isEligible;
    lane.dataCapBytes = capBytes;
    lane.capUsedBytes = usedBytes;
    lane.capReached = capBytes !== undefined && usedBytes >= capBytes;
    this.tiersDirty = true;
    if (wasEligible && !lane.isEligible)
      this.onLostPath(lane, nowMs, `data cap of ${capBytes} bytes reached`);
    if (this.modeNow === "failover") this.reselectFailover(nowMs);
  }

  // --- per packet ---------------------------------------------------------------------------------------------

  /** Path(s) for a packet of sizeBytes; empty means drop it. The array is reused by the next call. */
  choose(sizeBytes: number, latencySensitive: boolean, nowMs: number): readonly PathId[] {
    const out = this.chosen;
    out.length = 0;
    if (!(sizeBytes > 0 && sizeBytes < 65_536)) {
      this.counters.dropsInvalidSize++;
      return out;
    }
    const tiers = this.usableTiers();
    if (tiers.length === 0) return this.chooseFallback(out, sizeBytes, nowMs);
    const mode = this.modeNow;
    if (mode === "failover") {
      const lane =
        this.failover.activePathId === undefined ? undefined : this.lanes.get(this.failover.activePathId);
      if (lane !== undefined && hasRoom(lane, sizeBytes, nowMs, this.o)) out.push(lane.pathId);
    } else if (mode === "redundant") {
      for (const tier of tiers) {
        chooseRedundant(tier, this.copies, sizeBytes, nowMs, this.o, out);
        if (out.length > 0) break;
      }
      if (out.length > 1) this.counters.duplicates += out.length - 1;
    } else {
      if (latencySensitive) {
        const lane = chooseForLatency(tiers[0]!);
        if (lane !== undefined) {
          this.counters.latencySteered++;
          out.push(lane.pathId);
        }
      }
      for (let i = 0; out.length === 0 && i < tiers.length; i++) {
        const lane = this.pick(mode, tiers[i]!, sizeBytes, nowMs);
        if (lane !== undefined) out.push(lane.pathId);
      }
    }
    if (out.length === 0) this.counters.dropsQueueFull++;
    else this.counters.packetsChosen++;
    return out;
  }

  /** Queues an item for pathId; false (and the item released) if the path is unknown or its queue is full. */
  enqueue(pathId: PathId, item: T, sizeBytes: number, latencySensitive: boolean, nowMs: number): boolean {
    const lane = this.lanes.get(pathId);
    if (lane === undefined || !lane.queue.push(item, sizeBytes, latencySensitive, nowMs)) {
      this.counters.dropsEnqueueRejected++;
      this.releaseItem(item);
      return false;
    }
    this.nextDeadline = Math.min(this.nextDeadline, Math.max(nowMs, lane.pacer.nextSendAtMs));
    return true;
  }

  /** Hands every item whose pacing time has come to send(), path by path; returns how many. */
  dequeueReady(nowMs: number, send: SendItem<T>): number {
    let sent = 0;
    let deadline = Number.POSITIVE_INFINITY;
    // Packets moved off a path that hits its cap below are enqueued during the loop and lower this.
    this.nextDeadline = Number.POSITIVE_INFINITY;
    for (const lane of this.lanes.values()) {
      lane.rateBitsPerSec(nowMs);
      let backlogged = lane.wasBacklogged;
      while (lane.queue.count > 0 && lane.pacer.canSend(nowMs)) {
        // Redundant mode trades capacity for never losing a packet: only its queue bound limits it.
        const stands = this.modeNow !== "redundant" && lane.headStands(this.o, nowMs);
        const item = lane.queue.shift();
        const sizeBytes = lane.queue.lastShiftedBytes;
        if (stands) {
          this.counters.dropsStandingQueue++;
          this.releaseItem(item);
          continue;
        }
        lane.pacer.onSend(sizeBytes, nowMs, backlogged);
        backlogged = true;
        const capHit = lane.noteSent(sizeBytes, nowMs);
        send(lane.pathId, item, sizeBytes);
        sent++;
        if (capHit) this.onLostPath(lane, nowMs, `data cap of ${lane.dataCapBytes} bytes reached`);
      }
      lane.wasBacklogged = lane.queue.count > 0;
      if (!lane.wasBacklogged) lane.sojournDrop.onQueueEmpty();
      lane.model.onBacklog(lane.wasBacklogged, nowMs);
      lane.model.onOverQueued(lane.isOverQueued(this.o, nowMs));
      if (lane.queue.count > 0) deadline = Math.min(deadline, lane.pacer.nextSendAtMs);
    }
    this.nextDeadline = Math.min(this.nextDeadline, deadline);
    return sent;
  }

  /**
   * The DATA header's activePathMask: bit i for each path (id < 32) that has data queued or sent recently
   * enough to still be in flight, so the receiver knows which paths may yet fill a gap.
   */
  activePathMask(nowMs: number): number {
    return activePathMask(this.lanes.values(), nowMs, this.o.inFlightMarginMs);
  }

  /** When dequeueReady() has something to send (Infinity: all queues empty). */
  nextDeadlineMs(): number {
    return this.nextDeadline;
  }

  // --- views --------------------------------------------------------------------------------------------------

  pathStats(pathId: PathId, nowMs: number): PathSendStats | undefined {
    const lane = this.lanes.get(pathId);
    return lane === undefined ? undefined : lane.sendStats(nowMs);
  }

  /** Failover events since the last call (traffic moved off a path; toPathId is where it went). */
  takeEvents(): PathEvent[] {
    const events = this.events;
    this.events = [];
    return events;
  }

  // --- internals ----------------------------------------------------------------------------------------------

  private pick(mode: SchedulerMode, tier: readonly PathLane<T>[], sizeBytes: number, nowMs: number) {
    switch (mode) {
      case "bond":
        return chooseEarliestArrival(tier, sizeBytes, nowMs, this.o);
      case "lowest-latency":
        return chooseLowestLatency(tier, sizeBytes, nowMs, this.o);
      case "round-robin":
        return this.roundRobin.pick(tier, sizeBytes, nowMs, this.o);
      case "weighted":
        return this.fair.pick(tier, sizeBytes, nowMs, "rate", this.o);
      case "loss-aware":
        return this.fair.pick(tier, sizeBytes, nowMs, "loss-aware", this.o);
      case "redundant":
      case "failover":
        return undefined;
    }
  }

  private usableTiers(): PathLane<T>[][] {
    if (this.tiersDirty) {
      this.tiers = usableTiers(this.lanes.values());
      this.tiersDirty = false;
    }
    return this.tiers;
  }

  private chooseFallback(out: PathId[], sizeBytes: number, nowMs: number): readonly PathId[] {
    const best = lastAnswered(this.lanes.values());
    if (best === undefined) {
      this.counters.dropsNoPath++;
      return out;
    }
    if (!hasRoom(best, sizeBytes, nowMs, this.o)) {
      this.counters.dropsQueueFull++;
      return out;
    }
    this.counters.fallbackToLastAnswered++;
    out.push(best.pathId);
    return out;
  }

  /**
   * A path stopped being usable: if it was carrying traffic, say where the traffic goes now, and move what it
   * still had queued there rather than send it into a dead path (redundant copies are simply dropped).
   */
  private onLostPath(lane: PathLane<T>, nowMs: number, reason: string, announce = true): void {
    this.tiersDirty = true;
    let target: PathLane<T> | undefined;
    if (this.modeNow === "failover") {
      this.reselectFailover(nowMs); // reports the switch itself
      const active = this.failover.activePathId;
      target = active === undefined ? undefined : this.lanes.get(active);
    } else {
      target = lowestRtt(this.usableTiers()[0]);
      if (announce && nowMs - lane.lastSentAtMs <= this.o.carryingTrafficWithinMs) {
        this.pushEvent(nowMs, lane.pathId, target?.pathId, reason);
      }
    }
    if (this.modeNow === "redundant") target = undefined;
    while (lane.queue.count > 0) {
      const item = lane.queue.shift();
      const sizeBytes = lane.queue.lastShiftedBytes;
      if (target !== undefined && target !== lane && hasRoom(target, sizeBytes, nowMs, this.o)) {
        this.enqueue(target.pathId, item, sizeBytes, false, nowMs);
        this.counters.movedOffLostPath++;
      } else {
        this.counters.droppedOffLostPath++;
        this.releaseItem(item);
      }
    }
  }

  private reselectFailover(nowMs: number): void {
    const change = this.failover.reselect(this.lanes.values(), nowMs, this.o);
    if (change === undefined || change.fromPathId === undefined) return;
    this.pushEvent(nowMs, change.fromPathId, change.toPathId, change.reason);
  }

  private pushEvent(atMs: number, pathId: PathId, toPathId: PathId | undefined, detail: string): void {
    if (this.events.length >= this.o.maxPendingEvents) this.events.shift();
    const to = toPathId === undefined ? "nowhere: no usable path" : `path ${toPathId}`;
    this.events.push({
      atMs,
      kind: "failover",
      pathId,
      ...(toPathId === undefined ? {} : { toPathId }),
      detail: `${detail}; traffic moves to ${to}`,
    });
  }
}
