// `braid up --kill-switch [--allow-lan]`: from the flags and what up found (endpoint, uplinks) to the kill switch.
import {
  engageKillSwitch,
  type KillSwitch,
  type KillSwitchTargets,
} from "../platform/kill-switch-apply-linux";
import type { UplinkDiff } from "../platform/uplink-diff";
import type { Uplink } from "../platform/uplinks-linux";
import type { SystemChanges } from "../runtime/system-journal";
import type { CliIo } from "./cli-io";
import type { ParsedArgs } from "./tunnel-run";

/**
 * Engages the kill switch when `--kill-switch` was given, else does nothing; call it right after the tunnel host
 * opens, before any route or traffic, so nothing leaves outside the tunnel from then on. Throws (and the caller
 * closes the host, removing anything applied) on a bad name or address.
 */
export async function applyKillSwitch(
  io: CliIo,
  host: SystemChanges & { readonly tunName: string },
  parsed: ParsedArgs,
  inputs: KillSwitchTargets,
): Promise<KillSwitch | undefined> {
  const allowLan = parsed.options.has("--allow-lan");
  if (!parsed.options.has("--kill-switch")) {
    if (allowLan) throw new Error("--allow-lan only applies with --kill-switch");
    return undefined;
  }
  const killSwitch = await engageKillSwitch(host, { tunName: host.tunName, allowLan, ...inputs });
  io.err(
    `braid up: kill switch on (nft table inet ${killSwitch.table}): only ${host.tunName} and Braid's UDP to ${inputs.endpoints
      .map((e) => `${e.address}:${e.port}`)
      .join(", ")} leave${allowLan ? ", plus the LAN" : ""}\n`,
  );
  return killSwitch;
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
