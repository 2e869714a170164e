// `braid up --kill-switch [--allow-lan]`: from the flags and what up found (endpoint, uplinks) to the kill switch.
import {
  engageKillSwitch,
  type KillSwitch,
  type KillSwitchTargets,
} from "../platform/kill-switch-apply-linux";
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
