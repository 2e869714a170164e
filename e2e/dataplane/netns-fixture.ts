// What the data-plane suites share: commands in namespaces, veth pairs between them, braid processes started and
// stopped there.
import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import { existsSync } from "node:fs";
import path from "node:path";

export const braidScript = path.join(__dirname, "..", "..", "dist", "helper", "braid.js");

/** Why a root data-plane suite cannot run here, or undefined when it can. */
export function dataplaneSkipReason(): string | undefined {
  if (process.getuid?.() !== 0) return "needs root (network namespaces and TUN)";
  if (!existsSync(braidScript)) return "needs npm run build (dist/helper/braid.js)";
  return undefined;
}

export const run = (argv: string[], input?: string): string =>
  execFileSync(argv[0] as string, argv.slice(1), { encoding: "utf8", input }).trim();
export const inNs = (ns: string, argv: string[]): string => run(["ip", "netns", "exec", ns, ...argv]);

/** Two new namespaces' ends of one veth, each up with its /24 address. */
export function vethBetween(
  a: { readonly ns: string; readonly dev: string; readonly address: string },
  b: { readonly ns: string; readonly dev: string; readonly address: string },
): void {
  run(["ip", "link", "add", a.dev, "netns", a.ns, "type", "veth", "peer", "name", b.dev, "netns", b.ns]);
  for (const end of [a, b]) {
    inNs(end.ns, ["ip", "link", "set", "lo", "up"]);
    inNs(end.ns, ["ip", "address", "add", `${end.address}/24`, "dev", end.dev]);
    inNs(end.ns, ["ip", "link", "set", end.dev, "up"]);
  }
}

export interface RunningBraid {
  readonly child: ChildProcess;
  stderr: string;
}

/** `braid ARGS` inside ns, resolved once it says it is running (readyText); rejected with its stderr if it exits first. */
export function startBraid(ns: string, args: string[], readyText = "running on"): Promise<RunningBraid> {
  const child = spawn("ip", ["netns", "exec", ns, process.execPath, braidScript, ...args], {
    stdio: ["ignore", "ignore", "pipe"],
  });
  const running: RunningBraid = { child, stderr: "" };
  return new Promise((resolve, reject) => {
    child.stderr?.on("data", (chunk: Buffer) => {
      running.stderr += chunk.toString();
      if (running.stderr.includes(readyText)) resolve(running);
    });
    child.on("exit", (code) =>
      reject(new Error(`braid ${args[0]} exited (${code}) early:\n${running.stderr}`)),
    );
  });
}

/** Signals a braid process and resolves with its exit code once it has gone. */
export function stopBraid(
  running: RunningBraid | undefined,
  signal: NodeJS.Signals = "SIGTERM",
): Promise<number | null> {
  if (!running || running.child.exitCode !== null || running.child.signalCode !== null)
    return Promise.resolve(running?.child.exitCode ?? null);
  const exited = new Promise<number | null>((resolve) => running.child.on("exit", (code) => resolve(code)));
  running.child.kill(signal);
  return exited;
}

/** One client uplink in routedUplinks: its device in the client, the router's end, and its route metric. */
export interface RoutedUplink {
  readonly dev: string;
  readonly routerDev: string;
  readonly router: string;
  readonly client: string;
  readonly metric: string;
}

/**
 * A client with several uplinks to a router that forwards to the server's /24 (server at .1, router at .2), so
 * cutting one uplink at the router leaves the server reachable over the others. The namespaces are made here.
 */
export function routedUplinks(o: {
  readonly serverNs: string;
  readonly routerNs: string;
  readonly clientNs: string;
  readonly uplinks: readonly RoutedUplink[];
  /** The router's and the server's device on their link. */
  readonly routerServerDev: string;
  readonly serverDev: string;
  /** First three octets of the server's /24, e.g. "10.243.0". */
  readonly serverSubnet: string;
}): void {
  for (const ns of [o.serverNs, o.routerNs, o.clientNs]) run(["ip", "netns", "add", ns]);
  for (const u of o.uplinks)
    vethBetween(
      { ns: o.routerNs, dev: u.routerDev, address: u.router },
      { ns: o.clientNs, dev: u.dev, address: u.client },
    );
  const routerAddress = `${o.serverSubnet}.2`;
  vethBetween(
    { ns: o.routerNs, dev: o.routerServerDev, address: routerAddress },
    { ns: o.serverNs, dev: o.serverDev, address: `${o.serverSubnet}.1` },
  );
  inNs(o.routerNs, ["sysctl", "-qw", "net.ipv4.ip_forward=1"]);
  inNs(o.serverNs, ["ip", "route", "add", "default", "via", routerAddress]);
  for (const u of o.uplinks)
    inNs(o.clientNs, [
      "ip",
      "route",
      "append",
      `${o.serverSubnet}.0/24`,
      "via",
      u.router,
      "dev",
      u.dev,
      "metric",
      u.metric,
    ]);
}
