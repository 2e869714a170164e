// One peer's paths: which local socket and remote endpoint each PathId stands for, found both ways.
import type { PathId, PathPriority } from "../path-types";
import { type Endpoint, endpointKey, type SocketId } from "../ports";

export interface PathEntry {
  readonly pathId: PathId;
  readonly socketId: SocketId;
  endpoint: Endpoint;
  readonly name: string;
  priority: PathPriority;
  /** A metered uplink (LTE, satellite): probed sparsely while idle. */
  metered: boolean;
}

/** Braid frames carry path ids in 5 bits of masks (32 paths); more uplinks than that are not a real machine. */
export const maxPaths = 32;

export class PathTable {
  private readonly byId = new Map<PathId, PathEntry>();
  private readonly byEndpoint = new Map<string, PathEntry>();

  get size(): number {
    return this.byId.size;
  }

  entries(): IterableIterator<PathEntry> {
    return this.byId.values();
  }

  get(pathId: PathId): PathEntry | undefined {
    return this.byId.get(pathId);
  }

  find(socketId: SocketId, remote: Endpoint): PathEntry | undefined {
    return this.byEndpoint.get(endpointKey(socketId, remote));
  }

  /** The lowest id not in use, or undefined when all maxPaths are taken. */
  freeId(): PathId | undefined {
    for (let id = 0; id < maxPaths; id++) if (!this.byId.has(id)) return id;
    return undefined;
  }

  /** Adds or moves a path (the peer roamed: same id, new endpoint). */
  set(entry: PathEntry): void {
    const old = this.byId.get(entry.pathId);
    if (old) this.byEndpoint.delete(endpointKey(old.socketId, old.endpoint));
    const taken = this.byEndpoint.get(endpointKey(entry.socketId, entry.endpoint));
    if (taken && taken.pathId !== entry.pathId) this.byId.delete(taken.pathId);
    this.byId.set(entry.pathId, entry);
    this.byEndpoint.set(endpointKey(entry.socketId, entry.endpoint), entry);
  }

  delete(pathId: PathId): PathEntry | undefined {
    const entry = this.byId.get(pathId);
    if (!entry) return undefined;
    this.byId.delete(pathId);
    this.byEndpoint.delete(endpointKey(entry.socketId, entry.endpoint));
    return entry;
  }
}
