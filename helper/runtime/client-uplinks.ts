// The client's uplinks in use: for each, a UDP socket bound to its address, a source rule and table that steer that
// address out of its interface to the server, and an engine path; added and removed while the tunnel runs.
import type { BraidSettings } from "../config/braid-settings";
import type { PathId, PathPriority } from "../engine/path-types";
import type { Endpoint, SocketId } from "../engine/ports";
import type { UplinkDiff } from "../platform/uplink-diff";
import type { Uplink } from "../platform/uplinks-linux";
import type { TunnelHost } from "./tunnel-host";

// Per-uplink routing tables and rule priorities: away from wg-quick's 51820 and below the main table's 32766.
const UPLINK_TABLE_BASE = 51900;
const UPLINK_RULE_PRIORITY_BASE = 10900;
/** The engine's limit on paths per peer; the table and priority ranges are sized to it. */
const MAX_UPLINKS = 32;

interface LiveUplink {
  readonly uplink: Uplink;
  /** Picks the table and rule priority: the lowest one no live uplink holds. */
  readonly index: number;
  readonly socketId: SocketId;
  readonly pathId: PathId;
  readonly routeArgs: readonly string[];
  readonly ruleArgs: readonly string[];
}

/** How the profile wants one uplink used: its priority and its data cap (a capped link is metered). */
export interface UplinkPolicy {
  readonly priority: PathPriority;
  readonly dataCapBytes: number | undefined;
}

/** The profile's Priority and DataCap keys, per interface name; unnamed uplinks are primary and uncapped. */
export function uplinkPolicies(settings: BraidSettings): (dev: string) => UplinkPolicy {
  return (dev) => {
    const capMb = settings.dataCaps.find((cap) => cap.interface === dev)?.capMbPerMonth;
    return {
      priority: settings.priorities.find((p) => p.interface === dev)?.priority ?? "primary",
      // The profile's MB are 10^6 bytes, as carriers count them.
      dataCapBytes: capMb === undefined ? undefined : capMb * 1_000_000,
    };
  };
}

export interface ClientUplinksOptions {
  readonly host: TunnelHost;
  readonly peerKey: string;
  /** The server's endpoint, the same through every uplink. */
  readonly endpoint: Endpoint;
  /** Default: every uplink primary, uncapped. */
  readonly policyFor?: (dev: string) => UplinkPolicy;
  /** Bytes a capped uplink already used this month (the helper service keeps them); default 0. */
  readonly usedBytesFor?: (dev: string) => number;
  readonly log: (line: string) => void;
}

export class ClientUplinks {
  private readonly live = new Map<string, LiveUplink>();
  /** Never reused: a datagram still queued for a closed socket cannot be taken for the new one's. */
  private nextSocketId = 0;

  constructor(private readonly options: ClientUplinksOptions) {}

  /** The engine path of the uplink of that name, if it is in use. */
  pathIdOf(dev: string): PathId | undefined {
    return this.live.get(dev)?.pathId;
  }

  get uplinks(): Uplink[] {
    return [...this.live.values()].map((entry) => entry.uplink);
  }

  /**
   * Socket, then the route and source rule (journaled), then the engine path, so nothing is sent through an uplink
   * before its packets can leave the right way; a failure takes back what was done and rejects.
   */
  async add(uplink: Uplink): Promise<void> {
    const { host, peerKey, endpoint } = this.options;
    if (this.live.has(uplink.dev)) throw new Error(`uplink ${uplink.dev} is already in use`);
    const index = this.freeIndex();
    const socketId = this.nextSocketId++;
    const table = String(UPLINK_TABLE_BASE + index);
    const via = uplink.gateway === undefined ? [] : ["via", uplink.gateway];
    const route = [`${endpoint.address}/32`, ...via, "dev", uplink.dev, "table", table];
    const routeArgs = ["route", "replace", ...route];
    const ruleArgs = [
      "rule",
      "add",
      "from",
      `${uplink.address}/32`,
      "lookup",
      table,
      "priority",
      String(UPLINK_RULE_PRIORITY_BASE + index),
    ];
    await host.addSocket(socketId, uplink.address);
    const undone: (() => Promise<void>)[] = [async () => host.removeSocket(socketId)];
    try {
      await host.changeIp(routeArgs, ["route", "del", ...route]);
      undone.push(() => host.revertIp(routeArgs));
      await host.changeIp(ruleArgs, ["rule", "del", ...ruleArgs.slice(2)]);
      undone.push(() => host.revertIp(ruleArgs));
      const policy = this.options.policyFor?.(uplink.dev);
      const capBytes = policy?.dataCapBytes;
      const pathId = host.runner.engine.addUplink(peerKey, {
        name: uplink.dev,
        socketId,
        remote: endpoint,
        priority: policy?.priority ?? "primary",
        metered: capBytes !== undefined,
      });
      // A cap already used up this month keeps the uplink off data from its first packet.
      if (capBytes !== undefined)
        host.runner.engine.setDataCap(
          peerKey,
          pathId,
          capBytes,
          this.options.usedBytesFor?.(uplink.dev) ?? 0,
        );
      this.live.set(uplink.dev, { uplink, index, socketId, pathId, routeArgs, ruleArgs });
    } catch (error) {
      for (const undo of undone.reverse()) await undo().catch(() => undefined);
      throw error;
    }
  }

  /**
   * The engine path first, so traffic moves to the other paths at once; then the socket, the rule and the route,
   * each dropped from the journal. The kernel removes routes of an interface or address that went away itself, so
   * a route already gone is not an error.
   */
  async remove(dev: string): Promise<void> {
    const entry = this.live.get(dev);
    if (!entry) return;
    const { host, peerKey } = this.options;
    this.live.delete(dev);
    host.runner.engine.removeUplink(peerKey, entry.pathId);
    host.removeSocket(entry.socketId);
    await host
      .revertIp(entry.ruleArgs)
      .catch((error: Error) => this.options.log(`braid: uplink ${dev}: ${error.message}`));
    await host.revertIp(entry.routeArgs).catch(() => undefined);
  }

  /**
   * One change set from the uplink watcher: removals first (their tables become free), a changed uplink as remove
   * plus add. Resolves with the uplinks in use; one that could not be added is logged and left out, to be tried at
   * the next rescan.
   */
  async apply(diff: UplinkDiff): Promise<Uplink[]> {
    const { log } = this.options;
    for (const uplink of diff.removed) {
      await this.remove(uplink.dev);
      log(`braid: uplink removed ${uplink.dev} ${uplink.address}`);
    }
    for (const { before, after } of diff.changed) {
      await this.remove(before.dev);
      if (await this.tryAdd(after))
        log(`braid: uplink changed ${after.dev} ${after.address} (was ${describeUplink(before)})`);
    }
    for (const uplink of diff.added) {
      if (await this.tryAdd(uplink)) log(`braid: uplink added ${uplink.dev} ${uplink.address}`);
    }
    return this.uplinks;
  }

  private async tryAdd(uplink: Uplink): Promise<boolean> {
    try {
      await this.add(uplink);
      return true;
    } catch (error) {
      this.options.log(
        `braid: cannot use uplink ${uplink.dev} ${uplink.address}: ${(error as Error).message}; trying again at the next rescan`,
      );
      return false;
    }
  }

  private freeIndex(): number {
    const taken = new Set([...this.live.values()].map((entry) => entry.index));
    for (let index = 0; index < MAX_UPLINKS; index++) if (!taken.has(index)) return index;
    throw new Error(`at most ${MAX_UPLINKS} uplinks; exclude some with --exclude`);
  }
}

function describeUplink(uplink: Uplink): string {
  return uplink.gateway === undefined ? uplink.address : `${uplink.address} via ${uplink.gateway}`;
}
