// `braid up PROFILE --foreground`: the client tunnel on this machine (TUN, UDP per uplink, routes), root only.
import { lookup } from "node:dns/promises";
import type { RandomSource } from "../engine/ports";
import { UplinkWatcher } from "../platform/uplink-watcher-linux";
import { discoverUplinks } from "../platform/uplinks-linux";
import { ClientUplinks, uplinkPolicies } from "../runtime/client-uplinks";
import { tunnelRoutePrefixes } from "../runtime/ip-command";
import { TunnelHost } from "../runtime/tunnel-host";
import type { CliIo, ExitCode } from "./cli-io";
import { applyFollowingKillSwitch, openWithKillSwitch } from "./kill-switch-wiring";
import {
  hostOptions,
  interfaceNameOf,
  loadProfile,
  needsRoot,
  parseArgs,
  parseMode,
  runUntilStopped,
} from "./tunnel-run";

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
    io.err(`${command}: only --foreground is supported so far (the tunnel runs until Ctrl-C)\n`);
    return 2;
  }
  const file = parsed.positional[0] as string;
  const braidProfile = loadProfile(io, command, file);
  if (!braidProfile || needsRoot(io, command)) return 1;
  const { wireguard: profile, braid: settings } = braidProfile;
  const peer = profile.peers[0];
  if (profile.peers.length !== 1 || peer?.endpoint === undefined) {
    io.err(`${command}: ${file}: needs exactly one [Peer] with an Endpoint (the server)\n`);
    return 1;
  }
  const modeChoice = parseMode(parsed);
  if ("error" in modeChoice) {
    io.err(`${command}: ${modeChoice.error}\n`);
    return 2;
  }
  // The command line wins over the profile; excluded interfaces add up.
  const mode = modeChoice.mode ?? settings.mode;
  const exclude = [
    ...new Set([
      ...settings.excludeInterfaces,
      ...String(parsed.options.get("--exclude") ?? "")
        .split(",")
        .filter(Boolean),
    ]),
  ];
  let host: TunnelHost | undefined;
  try {
    const { address: endpointAddress } = await lookup(peer.endpoint.host, { family: 4 });
    const tunName = interfaceNameOf(parsed);
    const discover = () => discoverUplinks(endpointAddress, { tunName, exclude });
    const uplinks = await discover();
    if (uplinks.length === 0) {
      throw new Error(
        `no uplink reaches ${endpointAddress}${exclude.length ? ` (excluded: ${exclude.join(", ")})` : ""}; check that an interface is up with a route to the server`,
      );
    }
    io.err(`${command}: uplinks ${uplinks.map((u) => `${u.dev} (${u.address})`).join(", ")}\n`);
    if (mode !== undefined)
      io.err(`${command}: mode ${mode}${modeChoice.mode === undefined ? " (from the profile)" : ""}\n`);
    // Sockets come with their uplinks, below and whenever one appears.
    const options = hostOptions(io, "client", braidProfile, parsed, random, [], mode);
    const endpoints = [{ address: endpointAddress, port: peer.endpoint.port }];
    const targets = { tunName, endpoints, uplinks };
    const opened = await openWithKillSwitch(
      io,
      parsed,
      targets,
      () => TunnelHost.open(options),
      settings.killSwitch,
    );
    host = opened.host;
    const live = new ClientUplinks({
      host,
      peerKey: host.runner.engine.addPeer(peer),
      endpoint: { address: endpointAddress, port: peer.endpoint.port },
      policyFor: uplinkPolicies(settings),
      log: options.log,
    });
    for (const uplink of uplinks) await live.add(uplink);
    for (const prefix of tunnelRoutePrefixes(peer.allowedIps)) await host.routeIntoTun(prefix);
    const watcher = new UplinkWatcher({
      initial: live.uplinks,
      discover,
      apply: applyFollowingKillSwitch(opened.killSwitch, live, options.log),
      log: options.log,
    });
    host.onClose(() => watcher.close());
    watcher.start();
  } catch (error) {
    io.err(`${command}: ${(error as Error).message}\n`);
    await host?.close();
    return 1;
  }
  return runUntilStopped(io, command, host);
}
