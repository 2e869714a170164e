// `braid up PROFILE --foreground`: the client tunnel on this machine (TUN, UDP per uplink, routes), root only.
// Without --foreground the helper service runs it (up-via-helper.ts).
import type { RandomSource } from "../engine/ports";
import { ClientTunnel } from "../runtime/client-tunnel";
import { waitForStopSignal } from "../runtime/wait-for-stop";
import type { CliIo, ExitCode } from "./cli-io";
import { interfaceNameOf, loadProfile, needsRoot, parseArgs, parseMode } from "./tunnel-run";
import { upViaHelper } from "./up-via-helper";

export async function upCommand(io: CliIo, args: readonly string[], random: RandomSource): Promise<ExitCode> {
  const command = "braid up";
  const parsed = parseArgs(
    args,
    ["--interface", "--mode", "--exclude", "--socket"],
    ["--foreground", "--kill-switch", "--allow-lan"],
  );
  if (typeof parsed === "string" || parsed.positional.length !== 1) {
    io.err(
      `${command}: ${typeof parsed === "string" ? parsed : "name one profile: braid up PROFILE --foreground"}\n`,
    );
    return 2;
  }
  const file = parsed.positional[0] as string;
  const modeChoice = parseMode(parsed);
  if ("error" in modeChoice) {
    io.err(`${command}: ${modeChoice.error}\n`);
    return 2;
  }
  const foreground = parsed.options.has("--foreground");
  const localOnly = ["--interface", "--exclude", "--allow-lan"].filter((o) => parsed.options.has(o));
  if (!foreground && localOnly.length > 0) {
    io.err(
      `${command}: ${localOnly.join(", ")} only apply with --foreground (the helper uses the profile's keys)\n`,
    );
    return 2;
  }
  if (foreground && parsed.options.has("--socket")) {
    io.err(`${command}: --socket is for the helper; with --foreground the tunnel runs here\n`);
    return 2;
  }
  // Checked here either way, so a broken profile names its line before anything is asked of the helper.
  const profile = loadProfile(io, command, file);
  if (!profile) return 1;
  if (!foreground) {
    return upViaHelper(io, {
      file,
      socketPath: parsed.options.get("--socket") as string | undefined,
      mode: modeChoice.mode,
      killSwitch: parsed.options.has("--kill-switch"),
    });
  }
  if (needsRoot(io, command)) return 1;
  const settings = profile.braid;
  // The command line wins over the profile; excluded interfaces add up.
  const mode = modeChoice.mode ?? settings.mode;
  if (mode !== undefined)
    io.err(`${command}: mode ${mode}${modeChoice.mode === undefined ? " (from the profile)" : ""}\n`);
  const exclude = [
    ...new Set([
      ...settings.excludeInterfaces,
      ...String(parsed.options.get("--exclude") ?? "")
        .split(",")
        .filter(Boolean),
    ]),
  ];
  let tunnel: ClientTunnel;
  try {
    tunnel = await ClientTunnel.open({
      profile,
      interfaceName: interfaceNameOf(parsed),
      mode,
      exclude,
      killSwitch: {
        enabled: parsed.options.has("--kill-switch") || settings.killSwitch,
        allowLan: parsed.options.has("--allow-lan"),
      },
      random,
      log: (line) => io.err(`${line}\n`),
    });
  } catch (error) {
    io.err(`${command}: ${file}: ${(error as Error).message}\n`);
    return 1;
  }
  io.err(`${command}: running on ${tunnel.tunName}; Ctrl-C stops it\n`);
  const signal = await waitForStopSignal();
  io.err(`${command}: ${signal}, removing ${tunnel.tunName} and its routes\n`);
  await tunnel.close();
  return 0;
}
