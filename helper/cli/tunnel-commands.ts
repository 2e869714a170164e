// `braid server run` and `braid up --foreground`: a real tunnel on this machine (TUN, UDP, routes), root only.

import { lookup } from "node:dns/promises";
import { readFileSync } from "node:fs";
import { parseWgProfile, type WgProfile } from "../config/wg-profile";
import type { RandomSource } from "../engine/ports";
import { isDefaultRoute, routeGet, tunnelRoutePrefixes } from "../runtime/ip-command";
import { TunnelHost, type TunnelHostOptions } from "../runtime/tunnel-host";
import { waitForStopSignal } from "../runtime/wait-for-stop";
import type { CliIo, ExitCode } from "./cli-io";

const DEFAULT_MTU_BYTES = 1420;
const DEFAULT_INTERFACE = "braid0";

interface ParsedArgs {
  readonly positional: string[];
  readonly options: Map<string, string | true>;
}

/** `--name VALUE` for the names in valued, bare `--name` otherwise; the rest is positional. */
function parseArgs(args: readonly string[], valued: readonly string[]): ParsedArgs | string {
  const positional: string[] = [];
  const options = new Map<string, string | true>();
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] as string;
    if (!arg.startsWith("--")) {
      positional.push(arg);
      continue;
    }
    if (!valued.includes(arg)) {
      options.set(arg, true);
      continue;
    }
    const value = args[i + 1];
    if (value === undefined || value.startsWith("--")) return `${arg} needs a value`;
    options.set(arg, value);
    i++;
  }
  return { positional, options };
}

function loadProfile(io: CliIo, command: string, file: string): WgProfile | undefined {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (error) {
    io.err(`${command}: cannot read ${file}: ${(error as Error).message}\n`);
    return undefined;
  }
  const parsed = parseWgProfile(text);
  if (!parsed.ok) {
    io.err(`${command}: ${file}: ${parsed.error}\n`);
    return undefined;
  }
  return parsed.profile;
}

function needsRoot(io: CliIo, command: string): boolean {
  if (process.getuid?.() === 0) return false;
  io.err(`${command}: needs root (it creates a TUN device and routes); run it with sudo\n`);
  return true;
}

/** What both roles take from the profile and the command line; one UDP socket (id 0) in this slice. */
function hostOptions(
  io: CliIo,
  role: TunnelHostOptions["role"],
  profile: WgProfile,
  parsed: ParsedArgs,
  random: RandomSource,
  socket: { readonly address: string; readonly port: number },
): TunnelHostOptions {
  return {
    role,
    privateKey: profile.interface.privateKey,
    random,
    interfaceName: (parsed.options.get("--interface") as string | undefined) ?? DEFAULT_INTERFACE,
    addresses: profile.interface.addresses,
    mtuBytes: profile.interface.mtuBytes ?? DEFAULT_MTU_BYTES,
    sockets: [{ socketId: 0, ...socket }],
    log: (line) => io.err(`${line}\n`),
  };
}

/** Runs the tunnel until SIGINT/SIGTERM, then removes everything it added. */
async function runUntilStopped(io: CliIo, command: string, host: TunnelHost): Promise<ExitCode> {
  host.runner.start();
  io.err(`${command}: running on ${host.tunName}; Ctrl-C stops it\n`);
  const signal = await waitForStopSignal();
  io.err(`${command}: ${signal}, removing ${host.tunName} and its routes\n`);
  await host.close();
  return 0;
}

export async function serverCommand(
  io: CliIo,
  args: readonly string[],
  random: RandomSource,
): Promise<ExitCode> {
  const command = "braid server run";
  const [sub, ...rest] = args;
  if (sub !== "run") {
    io.err(
      `braid server: expected run, got ${sub === undefined ? "nothing" : `"${sub}"`}; see braid server --help\n`,
    );
    return 2;
  }
  const parsed = parseArgs(rest, ["--config", "--interface"]);
  if (
    typeof parsed === "string" ||
    parsed.positional.length > 0 ||
    typeof parsed.options.get("--config") !== "string"
  ) {
    io.err(`${command}: ${typeof parsed === "string" ? parsed : "name the config: --config FILE"}\n`);
    return 2;
  }
  const profile = loadProfile(io, command, parsed.options.get("--config") as string);
  if (!profile || needsRoot(io, command)) return 1;
  const listenPort = profile.interface.listenPort;
  if (listenPort === undefined) {
    io.err(`${command}: the [Interface] section needs ListenPort (the UDP port clients connect to)\n`);
    return 1;
  }
  let host: TunnelHost;
  try {
    host = await TunnelHost.open(
      hostOptions(io, "server", profile, parsed, random, { address: "0.0.0.0", port: listenPort }),
    );
    for (const peer of profile.peers) {
      host.runner.engine.addPeer(peer);
      for (const prefix of peer.allowedIps) if (!isDefaultRoute(prefix)) await host.routeIntoTun(prefix);
    }
  } catch (error) {
    io.err(`${command}: ${(error as Error).message}\n`);
    return 1;
  }
  return runUntilStopped(io, command, host);
}

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
