// `braid up PROFILE --foreground`: the client tunnel on this machine (TUN, UDP per uplink, routes), root only.
import { lookup } from "node:dns/promises";
import type { RandomSource } from "../engine/ports";
import { isDefaultRoute, routeGet, tunnelRoutePrefixes } from "../runtime/ip-command";
import { TunnelHost } from "../runtime/tunnel-host";
import type { CliIo, ExitCode } from "./cli-io";
import { hostOptions, loadProfile, needsRoot, parseArgs, runUntilStopped } from "./tunnel-run";

export async function upCommand(io: CliIo, args: readonly string[], random: RandomSource): Promise<ExitCode> {
  const command = "braid up";
  const parsed = parseArgs(args, ["--interface"]);
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
  const profile = loadProfile(io, command, file);
  if (!profile || needsRoot(io, command)) return 1;
  const peer = profile.peers[0];
  if (profile.peers.length !== 1 || peer?.endpoint === undefined) {
    io.err(`${command}: ${file}: needs exactly one [Peer] with an Endpoint (the server)\n`);
    return 1;
  }
  let host: TunnelHost | undefined;
  try {
    const { address: endpointAddress } = await lookup(peer.endpoint.host, { family: 4 });
    const uplink = await routeGet(endpointAddress);
    host = await TunnelHost.open(
      hostOptions(io, "client", profile, parsed, random, { address: uplink.prefsrc ?? "0.0.0.0", port: 0 }),
    );
    const peerKey = host.runner.engine.addPeer(peer);
    host.runner.engine.addUplink(peerKey, {
      name: uplink.dev,
      socketId: 0,
      remote: { address: endpointAddress, port: peer.endpoint.port },
    });
    // The endpoint keeps its way out through the original gateway, or the tunnel would route into itself.
    if (peer.allowedIps.some(isDefaultRoute)) {
      const via = uplink.gateway === undefined ? [] : ["via", uplink.gateway];
      await host.addExternalRoute([`${endpointAddress}/32`, ...via, "dev", uplink.dev]);
    }
    for (const prefix of tunnelRoutePrefixes(peer.allowedIps)) await host.routeIntoTun(prefix);
  } catch (error) {
    io.err(`${command}: ${(error as Error).message}\n`);
    await host?.close();
    return 1;
  }
  return runUntilStopped(io, command, host);
}
