// What `braid server run` and `braid up` share: argument parsing, profile loading, the root check, running until a signal.

import { readFileSync } from "node:fs";
import { type BraidProfile, parseBraidProfile } from "../config/braid-profile";
import { suggestion } from "../config/wg-profile";
import { type SchedulerMode, schedulerModes } from "../engine/path-types";
import type { RandomSource } from "../engine/ports";
import { profileHostOptions } from "../runtime/profile-host-options";
import type { TunnelHost, TunnelHostOptions } from "../runtime/tunnel-host";
import { waitForStopSignal } from "../runtime/wait-for-stop";
import type { CliIo, ExitCode } from "./cli-io";

const DEFAULT_INTERFACE = "braid0";

export interface ParsedArgs {
  readonly positional: string[];
  readonly options: Map<string, string | true>;
}

/**
 * `--name VALUE` for the names in valued, bare `--name` for those in flags; the rest is positional. Any other
 * `--name` is an error naming the closest known option: a misspelt `--kill-switch` must not start a tunnel
 * without one.
 */
export function parseArgs(
  args: readonly string[],
  valued: readonly string[],
  flags: readonly string[] = [],
): ParsedArgs | string {
  const positional: string[] = [];
  const options = new Map<string, string | true>();
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] as string;
    if (!arg.startsWith("--")) {
      positional.push(arg);
      continue;
    }
    if (!valued.includes(arg)) {
      if (!flags.includes(arg)) {
        const known = [...valued, ...flags];
        return known.length === 0
          ? `unknown option ${arg}`
          : `unknown option ${arg}${suggestion(arg, known)}`;
      }
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

/** A WireGuard profile with Braid's keys (a stock wg-quick config loads unchanged), or undefined after an error. */
export function loadProfile(io: CliIo, command: string, file: string): BraidProfile | undefined {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (error) {
    io.err(`${command}: cannot read ${file}: ${(error as Error).message}\n`);
    return undefined;
  }
  const parsed = parseBraidProfile(text);
  if (!parsed.ok) {
    io.err(`${command}: ${file}: ${parsed.error}\n`);
    return undefined;
  }
  return parsed.profile;
}

export function needsRoot(io: CliIo, command: string): boolean {
  if (process.getuid?.() === 0) return false;
  io.err(`${command}: needs root (it creates a TUN device and routes); run it with sudo\n`);
  return true;
}

/** `--mode MODE`: one of the engine's schedulers, undefined when not given, or an error naming the choices. */
export function parseMode(
  parsed: ParsedArgs,
): { readonly mode: SchedulerMode | undefined } | { readonly error: string } {
  const value = parsed.options.get("--mode");
  if (value === undefined) return { mode: undefined };
  const mode = schedulerModes.find((known) => known === value);
  if (mode) return { mode };
  return { error: `--mode: unknown mode "${String(value)}"; choose one of ${schedulerModes.join(", ")}` };
}

/** `--interface NAME`, or braid0. */
export function interfaceNameOf(parsed: ParsedArgs): string {
  return (parsed.options.get("--interface") as string | undefined) ?? DEFAULT_INTERFACE;
}

/** What both roles take from the profile and the command line. */
export function hostOptions(
  io: CliIo,
  role: TunnelHostOptions["role"],
  braidProfile: BraidProfile,
  parsed: ParsedArgs,
  random: RandomSource,
  sockets: TunnelHostOptions["sockets"],
  mode: SchedulerMode | undefined,
): TunnelHostOptions {
  return profileHostOptions(braidProfile, {
    role,
    random,
    interfaceName: interfaceNameOf(parsed),
    sockets,
    ...(mode !== undefined && { mode }),
    log: (line) => io.err(`${line}\n`),
  });
}

/** Runs the tunnel until SIGINT/SIGTERM, then removes everything it added. */
export async function runUntilStopped(io: CliIo, command: string, host: TunnelHost): Promise<ExitCode> {
  host.runner.start();
  io.err(`${command}: running on ${host.tunName}; Ctrl-C stops it\n`);
  const signal = await waitForStopSignal();
  io.err(`${command}: ${signal}, removing ${host.tunName} and its routes\n`);
  await host.close();
  return 0;
}
