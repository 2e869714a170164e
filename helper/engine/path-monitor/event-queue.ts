// PathEvents waiting for the next tick(), bounded (oldest dropped and counted), and the latch that raises
// all-paths-down once per outage.

import type { PathEvent } from "../path-types";
import type { PathRoster } from "./path-roster";

export class EventQueue {
  private pending: PathEvent[] = [];
  private allDownAnnounced = false;
  dropped = 0;

  constructor(private readonly maxPending: number) {}

  push(event: PathEvent): void {
    if (this.pending.length >= this.maxPending) {
      this.pending.shift();
      this.dropped++;
    }
    this.pending.push(event);
  }

  take(): PathEvent[] {
    const events = this.pending;
    this.pending = [];
    return events;
  }

  /** After any transition: raises all-paths-down when the last path able to carry data is gone. */
  checkAllDown(paths: PathRoster, nowMs: number): void {
    if (paths.anyAlive()) {
      this.allDownAnnounced = false;
      return;
    }
    if (this.allDownAnnounced) return;
    this.allDownAnnounced = true;
    const last = paths.lastAnswered();
    this.push({
      atMs: nowMs,
      kind: "all-paths-down",
      pathId: last?.pathId,
      detail:
        last === undefined ? "no path ever answered" : `keep using path ${last.pathId}, the last to answer`,
    });
  }
}
