// `braid up PROFILE --foreground`: the client tunnel on this machine (TUN, UDP per uplink, routes), root only.
import type { RandomSource } from "../engine/ports";
import { ClientTunnel } from "../runtime/client-tunnel";
import { waitForStopSignal } from "../runtime/wait-for-stop";
import type { CliIo, ExitCode } from "./cli-io";
import { interfaceNameOf, loadProfile, needsRoot, parseArgs, parseMode } from "./tunnel-run";

export async function upCommand(io: CliIo, args: readonly string[], random: RandomSource): Promise<ExitCode> {
  const command = "braid up";
  const parsed = parseArgs(
    args,
    ["--interface", "--mode", "--exclude"],
    ["--foreground", "--kill-switch", "--allow-lan"],
  );
  if (typeof parsed === "string" || parsed.positional.length !== 1) {
    io.err(
      `${command}: ${typeof parsed === "string" ? parsed : "name one profile: braid up PROFILE --foreground"}\n`,
    );
    return 2;
  }
  if (!parsed.options.has("--foreground")) {
    io.err(
      `${command}: only --foreground is supported here (the tunnel runs until Ctrl-C); to keep it running in the background, import the profile into the helper service and connect from the app\n`,
    );
    return 2;
  }
  const file = parsed.positional[0] as string;
  const profile = loadProfile(io, command, file);
  if (!profile || needsRoot(io, command)) return 1;
  const settings = profile.braid;
  const modeChoice = parseMode(parsed);
  if ("error" in modeChoice) {
    io.err(`${command}: ${modeChoice.error}\n`);
    return 2;
  }
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
