// What changed between two views of the client's uplinks: each uplink is known by its interface name.
import type { Uplink } from "./uplinks-linux";

export interface UplinkChange {
  readonly before: Uplink;
  readonly after: Uplink;
}

export interface UplinkDiff {
  readonly added: readonly Uplink[];
  readonly removed: readonly Uplink[];
  /** Same interface, new address or next hop: its socket and source rule must be rebuilt. */
  readonly changed: readonly UplinkChange[];
}

function sameUplink(a: Uplink, b: Uplink): boolean {
  return a.address === b.address && a.gateway === b.gateway;
}

export function diffUplinks(current: readonly Uplink[], next: readonly Uplink[]): UplinkDiff {
  const before = new Map(current.map((uplink) => [uplink.dev, uplink]));
  const after = new Map(next.map((uplink) => [uplink.dev, uplink]));
  const added = next.filter((uplink) => !before.has(uplink.dev));
  const removed = current.filter((uplink) => !after.has(uplink.dev));
  const changed: UplinkChange[] = [];
  for (const uplink of next) {
    const old = before.get(uplink.dev);
    if (old && !sameUplink(old, uplink)) changed.push({ before: old, after: uplink });
  }
  return { added, removed, changed };
}

export function isEmptyDiff(diff: UplinkDiff): boolean {
  return diff.added.length === 0 && diff.removed.length === 0 && diff.changed.length === 0;
}
