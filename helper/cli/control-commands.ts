// `braid status`, `paths`, `connect`, `down`, `import`: the command line as a client of the helper service.
import { readFileSync } from "node:fs";
import { ControlClient } from "../control/control-client";
import { DEFAULT_SOCKET_PATH, type PathMetricsSample } from "../control/control-schema";
import type { TunnelState } from "../control/tunnel-state";
import type { CliIo, ExitCode } from "./cli-io";
import { parseArgs } from "./tunnel-run";

type Run = (client: ControlClient, positional: readonly string[], json: boolean) => Promise<string>;

/** Parses --socket/--json, connects, runs, prints; a helper error or an unreachable helper is one line on stderr. */
async function withClient(io: CliIo, name: string, args: readonly string[], positionals: number, run: Run) {
  const parsed = parseArgs(args, ["--socket"], ["--json"]);
  if (typeof parsed === "string" || parsed.positional.length !== positionals) {
    io.err(
      `braid ${name}: ${typeof parsed === "string" ? parsed : "wrong arguments"}; see braid ${name} --help\n`,
    );
    return 2 as ExitCode;
  }
  const socketPath = (parsed.options.get("--socket") as string | undefined) ?? DEFAULT_SOCKET_PATH;
  let client: ControlClient | undefined;
  try {
    client = await ControlClient.open(socketPath);
    io.out(await run(client, parsed.positional, parsed.options.has("--json")));
    return 0 as ExitCode;
  } catch (error) {
    io.err(`braid ${name}: ${(error as Error).message}\n`);
    return 1 as ExitCode;
  } finally {
    client?.close();
  }
}

export function describeState(s: TunnelState, nowMs = Date.now()): string {
  const since = (sinceMs: number) => `${Math.max(0, Math.round((nowMs - sinceMs) / 1000))} s`;
  switch (s.state) {
    case "disconnected":
      return "disconnected";
    case "connecting":
      return `connecting to ${s.profileName} (${since(s.sinceMs)})`;
    case "connected":
      return `connected to ${s.profileName} for ${since(s.sinceMs)}, ${s.pathsUp} path(s) up`;
    case "degraded":
      return `degraded: ${s.profileName}, ${s.pathsUp} path(s) up, ${s.pathsDown} down, for ${since(s.sinceMs)}`;
    case "reconnecting":
      return `reconnecting to ${s.profileName} (attempt ${s.attempt})`;
    case "error":
      return `error: ${s.message}; ${s.nextStep}`;
  }
}

const mbit = (bitsPerSec: number) => (bitsPerSec / 1e6).toFixed(2);

export function pathsTable(paths: readonly PathMetricsSample[]): string {
  if (paths.length === 0) return "no paths (not connected?)\n";
  const rows = [
    ["interface", "state", "rtt ms", "loss %", "tx Mbit/s", "rx Mbit/s", "share %", "used MB"],
    ...paths.map((p) => [
      p.interface,
      p.state,
      p.rttMs === undefined ? "-" : p.rttMs.toFixed(1),
      (p.lossRatio * 100).toFixed(1),
      mbit(p.txBitsPerSec),
      mbit(p.rxBitsPerSec),
      (p.shareRatio * 100).toFixed(0),
      (p.bytesUsed / 1e6).toFixed(1),
    ]),
  ];
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
  return `${rows
    .map((r) =>
      r
        .map((cell, i) => cell.padEnd(widths[i]!))
        .join("  ")
        .trimEnd(),
    )
    .join("\n")}\n`;
}

/** The latest 10 Hz sample: from the history subscribe returns, or the next one pushed (within a second). */
async function latestPaths(client: ControlClient): Promise<readonly PathMetricsSample[]> {
  const next = new Promise<readonly PathMetricsSample[] | undefined>((resolve) => {
    client.onEvent((event) => {
      if (event.kind === "path-metrics") resolve(event.paths);
    });
    setTimeout(() => resolve(undefined), 1_000).unref();
  });
  const { history } = await client.call("subscribe");
  const past = history.filter((e) => e.kind === "path-metrics").at(-1);
  if (past?.kind === "path-metrics" && past.atMs > Date.now() - 1_000) return past.paths;
  return (await next) ?? [];
}

export const statusCommand = (io: CliIo, args: readonly string[]) =>
  withClient(io, "status", args, 0, async (client, _p, json) => {
    const state = await client.call("state");
    return json ? `${JSON.stringify(state)}\n` : `${describeState(state)}\n`;
  });

export const pathsCommand = (io: CliIo, args: readonly string[]) =>
  withClient(io, "paths", args, 0, async (client, _p, json) => {
    const paths = await latestPaths(client);
    return json ? `${JSON.stringify(paths)}\n` : pathsTable(paths);
  });

export const connectCommand = (io: CliIo, args: readonly string[]) =>
  withClient(io, "connect", args, 1, async (client, [profile], json) => {
    const state = await client.call("connect", { profile: profile as string });
    if (state.state === "error") throw new Error(`${state.message}; ${state.nextStep}`);
    return json ? `${JSON.stringify(state)}\n` : `${describeState(state)}\n`;
  });

export const downCommand = (io: CliIo, args: readonly string[]) =>
  withClient(io, "down", args, 0, async (client, _p, json) => {
    const state = await client.call("disconnect");
    return json ? `${JSON.stringify(state)}\n` : `${describeState(state)}\n`;
  });

export const importCommand = (io: CliIo, args: readonly string[]) =>
  withClient(io, "import", args, 2, async (client, [name, file], json) => {
    const text = file === "-" ? readFileSync(0, "utf8") : readFileSync(file as string, "utf8");
    const summary = await client.call("importProfile", { name: name as string, text });
    return json
      ? `${JSON.stringify(summary)}\n`
      : `imported ${summary.name}: ${summary.endpoint}, mode ${summary.mode}, kill switch ${summary.killSwitch ? "on" : "off"}\n`;
  });
