// The kill switch around a client tunnel's start (`braid up --kill-switch [--allow-lan]`, a profile's KillSwitch, the
// helper's connect): from the choice and what was found (endpoint, uplinks) to the kill switch.
import {
  engageKillSwitch,
  engageStartTable,
  type KillSwitch,
  type KillSwitchTargets,
  openStartJournal,
} from "../platform/kill-switch-apply-linux";
import { killSwitchTableName } from "../platform/kill-switch-linux";
import type { UplinkDiff } from "../platform/uplink-diff";
import type { Uplink } from "../platform/uplinks-linux";
import type { SystemChanges } from "./system-journal";

/** Whether the kill switch goes on, and whether it lets the LAN through. */
export interface KillSwitchChoice {
  readonly enabled: boolean;
  readonly allowLan: boolean;
}

/** What `braid up` has found before the tunnel's host opens. */
export interface KillSwitchStartTargets extends KillSwitchTargets {
  readonly tunName: string;
}

/** The tunnel host as the kill switch needs it: its journal, its name, and closing it (undoing the journal). */
export interface KillSwitchHost extends SystemChanges {
  readonly tunName: string;
  close(): Promise<void>;
}

/**
 * Opens the tunnel's host (open) with the kill switch on from before the host exists when `--kill-switch` was
 * given: a start table blocks first, the host opens (undoing what a crashed run left, its kill switch included),
 * the tunnel's own table goes on in the host's journal, and the start table goes. So nothing leaves outside the
 * tunnel at any moment, also when restarting after a crash. Without the flag, only a start table a crashed start
 * left is removed. On any failure everything applied is removed again and the error is thrown.
 */
export async function openWithKillSwitch<Host extends KillSwitchHost>(
  choice: KillSwitchChoice,
  targets: KillSwitchStartTargets,
  open: () => Promise<Host>,
  log: (line: string) => void,
): Promise<{ readonly host: Host; readonly killSwitch: KillSwitch | undefined }> {
  const { enabled: wanted, allowLan } = choice;
  if (allowLan && !wanted)
    throw new Error("--allow-lan only applies with --kill-switch (or KillSwitch = on in the profile)");
  // A name nft cannot take fails here, before anything is made.
  if (wanted) killSwitchTableName(targets.tunName);
  const spec = { ...targets, allowLan };
  const start = await openStartJournal(targets.tunName, log);
  let host: Host | undefined;
  try {
    if (wanted && start) await engageStartTable(start, spec);
    host = await open();
    const killSwitch = wanted ? await engageKillSwitch(host, spec) : undefined;
    await start?.undoAll();
    if (killSwitch)
      log(
        `braid: kill switch on (nft table inet ${killSwitch.table}): only ${host.tunName} and Braid's UDP to ${targets.endpoints
          .map((e) => `${e.address}:${e.port}`)
          .join(", ")} leave${allowLan ? ", plus the LAN" : ""}`,
      );
    return { host, killSwitch };
  } catch (error) {
    try {
      await host?.close();
    } finally {
      await start?.undoAll();
    }
    throw error;
  }
}

/** The uplinks in use and how the uplink watcher's change sets reach them (ClientUplinks). */
export interface LiveUplinks {
  readonly uplinks: readonly Uplink[];
  apply(diff: UplinkDiff): Promise<Uplink[]>;
}

/**
 * The uplink watcher's apply, with the kill switch following: a new or renumbered uplink's UDP is let out before
 * its socket sends, a removed one's is taken out after. A failed update is logged, never thrown (the watcher's
 * apply must not reject); the rules then stay as they were, so a new uplink stays blocked rather than leaking.
 */
export function applyFollowingKillSwitch(
  killSwitch: KillSwitch | undefined,
  live: LiveUplinks,
  log: (line: string) => void,
): (diff: UplinkDiff) => Promise<Uplink[]> {
  if (!killSwitch) return (diff) => live.apply(diff);
  const update = (uplinks: readonly Uplink[]) =>
    killSwitch
      .update({ uplinks })
      .catch((error: Error) => log(`braid: kill switch not updated for the uplink change: ${error.message}`));
  return async (diff) => {
    const incoming = [...diff.added, ...diff.changed.map((change) => change.after)];
    if (incoming.length > 0) await update([...live.uplinks, ...incoming]);
    const inUse = await live.apply(diff);
    await update(inUse);
    return inUse;
  };
}
