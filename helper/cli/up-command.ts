// `braid up PROFILE --foreground`: the client tunnel on this machine (TUN, UDP per uplink, routes), root only.
import { lookup } from "node:dns/promises";
import type { RandomSource } from "../engine/ports";
import { discoverUplinks, type Uplink } from "../platform/uplinks-linux";
import { tunnelRoutePrefixes } from "../runtime/ip-command";
import { TunnelHost } from "../runtime/tunnel-host";
import type { CliIo, ExitCode } from "./cli-io";
import {
  hostOptions,
  interfaceNameOf,
  loadProfile,
  needsRoot,
  parseArgs,
  parseMode,
  runUntilStopped,
} from "./tunnel-run";

// Per-uplink routing tables and rule priorities: away from wg-quick's 51820 and below the main table's 32766.
const UPLINK_TABLE_BASE = 51900;
const UPLINK_RULE_PRIORITY_BASE = 10900;

/**
 * Packets from the uplink's own address leave through that uplink, whatever the main table says (its default
 * may point into the tunnel): a source rule and a table holding only the route to the server.
 */
async function steerUplink(host: TunnelHost, uplink: Uplink, index: number, endpoint: string): Promise<void> {
  const table = String(UPLINK_TABLE_BASE + index);
  const via = uplink.gateway === undefined ? [] : ["via", uplink.gateway];
  const route = [`${endpoint}/32`, ...via, "dev", uplink.dev, "table", table];
  await host.changeIp(["route", "replace", ...route], ["route", "del", ...route]);
  const rule = [
    "from",
    `${uplink.address}/32`,
    "lookup",
    table,
    "priority",
    String(UPLINK_RULE_PRIORITY_BASE + index),
  ];
  await host.changeIp(["rule", "add", ...rule], ["rule", "del", ...rule]);
}

export async function upCommand(io: CliIo, args: readonly string[], random: RandomSource): Promise<ExitCode> {
  const command = "braid up";
  const parsed = parseArgs(args, ["--interface", "--mode", "--exclude"]);
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
  const modeChoice = parseMode(parsed);
  if ("error" in modeChoice) {
    io.err(`${command}: ${modeChoice.error}\n`);
    return 2;
  }
  const { mode } = modeChoice;
  const exclude = String(parsed.options.get("--exclude") ?? "")
    .split(",")
    .filter(Boolean);
  let host: TunnelHost | undefined;
  try {
    const { address: endpointAddress } = await lookup(peer.endpoint.host, { family: 4 });
    const tunName = interfaceNameOf(parsed);
    const uplinks = await discoverUplinks(endpointAddress, { tunName, exclude });
    if (uplinks.length === 0) {
      throw new Error(
        `no uplink reaches ${endpointAddress}${exclude.length ? ` (excluded: ${exclude.join(", ")})` : ""}; check that an interface is up with a route to the server`,
      );
    }
    io.err(`${command}: uplinks ${uplinks.map((u) => `${u.dev} (${u.address})`).join(", ")}\n`);
    const sockets = uplinks.map((uplink, socketId) => ({ socketId, address: uplink.address, port: 0 }));
    host = await TunnelHost.open(hostOptions(io, "client", profile, parsed, random, sockets, mode));
    const peerKey = host.runner.engine.addPeer(peer);
    for (const [socketId, uplink] of uplinks.entries()) {
      await steerUplink(host, uplink, socketId, endpointAddress);
      host.runner.engine.addUplink(peerKey, {
        name: uplink.dev,
        socketId,
        remote: { address: endpointAddress, port: peer.endpoint.port },
      });
    }
    for (const prefix of tunnelRoutePrefixes(peer.allowedIps)) await host.routeIntoTun(prefix);
  } catch (error) {
    io.err(`${command}: ${(error as Error).message}\n`);
    await host?.close();
    return 1;
  }
  return runUntilStopped(io, command, host);
}
