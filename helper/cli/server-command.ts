// `braid server run --config FILE`: the aggregation server on this machine (TUN, one UDP port, routes), root only.
import type { RandomSource } from "../engine/ports";
import { applyServerNat } from "../platform/server-nat-linux";
import { isDefaultRoute } from "../runtime/ip-command";
import { TunnelHost } from "../runtime/tunnel-host";
import type { CliIo, ExitCode } from "./cli-io";
import { serverAddClient, serverInit } from "./server-provision";
import { hostOptions, loadProfile, needsRoot, parseArgs, parseMode, runUntilStopped } from "./tunnel-run";

export async function serverCommand(
  io: CliIo,
  args: readonly string[],
  random: RandomSource,
): Promise<ExitCode> {
  const command = "braid server run";
  const [sub, ...rest] = args;
  if (sub === "init") return serverInit(io, rest, random);
  if (sub === "add-client") return serverAddClient(io, rest, random);
  if (sub !== "run") {
    io.err(
      `braid server: expected init, add-client or run, got ${sub === undefined ? "nothing" : `"${sub}"`}; see braid server --help\n`,
    );
    return 2;
  }
  const parsed = parseArgs(rest, ["--config", "--interface", "--mode"], ["--no-nat"]);
  if (
    typeof parsed === "string" ||
    parsed.positional.length > 0 ||
    typeof parsed.options.get("--config") !== "string"
  ) {
    io.err(`${command}: ${typeof parsed === "string" ? parsed : "name the config: --config FILE"}\n`);
    return 2;
  }
  const modeChoice = parseMode(parsed);
  if ("error" in modeChoice) {
    io.err(`${command}: ${modeChoice.error}\n`);
    return 2;
  }
  const { mode } = modeChoice;
  const config = loadProfile(io, command, parsed.options.get("--config") as string);
  if (!config || needsRoot(io, command)) return 1;
  const profile = config.wireguard;
  const listenPort = profile.interface.listenPort;
  if (listenPort === undefined) {
    io.err(`${command}: the [Interface] section needs ListenPort (the UDP port clients connect to)\n`);
    return 1;
  }
  let host: TunnelHost | undefined;
  try {
    host = await TunnelHost.open(
      hostOptions(
        io,
        "server",
        config,
        parsed,
        random,
        [{ socketId: 0, address: "0.0.0.0", port: listenPort }],
        mode ?? config.braid.mode,
      ),
    );
    for (const peer of profile.peers) host.runner.engine.addPeer(peer);
    const clientPrefixes = profile.peers.flatMap((peer) => peer.allowedIps.filter((p) => !isDefaultRoute(p)));
    for (const prefix of clientPrefixes) await host.routeIntoTun(prefix);
    if (!parsed.options.has("--no-nat")) {
      const outs = await applyServerNat(host, host.tunName, clientPrefixes);
      io.err(
        outs.length > 0
          ? `${command}: clients reach the internet through ${outs.join(", ")} (NAT); --no-nat to route instead\n`
          : `${command}: no default route here, so no NAT: clients reach this machine and the networks it routes\n`,
      );
    }
  } catch (error) {
    io.err(`${command}: ${(error as Error).message}\n`);
    await host?.close(); // a failure part-way leaves nothing behind: the TUN, routes and the journal's changes go
    return 1;
  }
  return runUntilStopped(io, command, host);
}
