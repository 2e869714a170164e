// What HELLO says about a client's uplinks (priority, metering): written by the client, applied by the server.
import type { HelloPath } from "../frames/frame-types";
import type { PathMonitor } from "../path-monitor/path-monitor";
import type { PathId } from "../path-types";
import type { PathEntry, PathTable } from "./path-table";

/** Client: its paths as HELLO lists them. */
export function helloPathsOf(paths: PathTable): HelloPath[] {
  return [...paths.entries()].map(({ pathId, priority, metered }) => ({ pathId, priority, metered }));
}

/** Server: the client's latest word on its paths, applied to known paths now and to each path learnt later. */
export class AnnouncedPaths {
  private readonly byId = new Map<PathId, HelloPath>();

  /** Replaces what the client said before and updates the paths already known. */
  apply(announced: readonly HelloPath[], paths: PathTable, monitor: PathMonitor): void {
    this.byId.clear();
    for (const path of announced) {
      this.byId.set(path.pathId, path);
      const entry = paths.get(path.pathId);
      if (!entry) continue;
      entry.priority = path.priority;
      entry.metered = path.metered;
      monitor.setPriority(entry.pathId, path.priority);
      monitor.setMetered(entry.pathId, path.metered);
    }
  }

  /**
   * Known paths the client's latest HELLO no longer lists: uplinks it took away (unplugged, renumbered). None while
   * nothing was announced, so a HELLO without paths never empties the table.
   */
  withdrawn(paths: PathTable): PathId[] {
    if (this.byId.size === 0) return [];
    return [...paths.entries()].flatMap(({ pathId }) => (this.byId.has(pathId) ? [] : [pathId]));
  }

  /** How a newly learnt path is to be used: as announced, or a non-metered primary. */
  attributesFor(pathId: PathId): Pick<PathEntry, "priority" | "metered"> {
    const announced = this.byId.get(pathId);
    return { priority: announced?.priority ?? "primary", metered: announced?.metered ?? false };
  }
}
