// Starts Braid inside a built lab: `braid server run` in the server namespace, `braid up` in the client's, with
// fresh keys, and waits until the tunnel answers. Both processes and their files are removed with the journal.
import { type ChildProcess, execFile, execFileSync, spawn } from "node:child_process";
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { formatWireGuardKey } from "../../helper/config/wireguard-key";
import { generatePrivateKey, publicKey } from "../../helper/engine/crypto/x25519";
import type { SchedulerMode } from "../../helper/engine/path-types";
import { nodeRandom } from "../../helper/platform/node-random";
import type { LabJournal } from "./lab-journal";
import type { LabNetwork } from "./lab-network";

export const tunnelServerAddress = "10.203.0.1";
export const tunnelClientAddress = "10.203.0.2";
const listenPort = 51820;
const eventPrefix = "braid: event ";

export interface BraidEventLine {
  /** performance.now() when the line arrived, for timing against the traffic's start. */
  readonly atMs: number;
  readonly event: { kind: string; pathName?: string; path?: { kind: string } };
}

export interface LabTunnel {
  readonly events: BraidEventLine[];
  /** The last lines of both processes' stderr, for errors. */
  logTail(): string;
}

/** The bundled CLI beside this module (dist/helper/braid.js), or the build's when run from source. */
export function braidScript(): string {
  const candidates = [
    path.join(__dirname, "braid.js"),
    path.join(__dirname, "..", "..", "dist", "helper", "braid.js"),
  ];
  const found = candidates.find((candidate) => existsSync(candidate));
  if (!found)
    throw new Error("lab: the tunnel needs the built CLI (dist/helper/braid.js); run npm run build first");
  return found;
}

/** A WireGuard key pair in wg's base64 form, made as `braid keygen` / `braid pubkey` make it. */
function keyPair(): { privateKey: string; publicKey: string } {
  const privateKey = generatePrivateKey(nodeRandom);
  return { privateKey: formatWireGuardKey(privateKey), publicKey: formatWireGuardKey(publicKey(privateKey)) };
}

export function labProfiles(net: LabNetwork): { server: string; client: string } {
  const server = keyPair();
  const client = keyPair();
  return {
    server: [
      "[Interface]",
      `PrivateKey = ${server.privateKey}`,
      `ListenPort = ${listenPort}`,
      `Address = ${tunnelServerAddress}/24`,
      "",
      "[Peer]",
      `PublicKey = ${client.publicKey}`,
      `AllowedIPs = ${tunnelClientAddress}/32`,
      "",
    ].join("\n"),
    client: [
      "[Interface]",
      `PrivateKey = ${client.privateKey}`,
      `Address = ${tunnelClientAddress}/24`,
      "",
      "[Peer]",
      `PublicKey = ${server.publicKey}`,
      `Endpoint = ${net.serverAddress}:${listenPort}`,
      // The internet side and the server's tunnel address only: the uplinks' own subnets stay outside the tunnel.
      `AllowedIPs = ${net.internetAddress.replace(/\.\d+$/, ".0")}/24, ${tunnelServerAddress}/32`,
      "PersistentKeepalive = 25",
      "",
    ].join("\n"),
  };
}

function startBraid(
  journal: LabJournal,
  ns: string,
  args: readonly string[],
  log: string[],
  events: BraidEventLine[],
): ChildProcess {
  const child = spawn("ip", ["netns", "exec", ns, process.execPath, braidScript(), ...args], {
    stdio: ["ignore", "ignore", "pipe"],
  });
  let pending = "";
  child.stderr?.on("data", (chunk: Buffer) => {
    pending += chunk.toString();
    const lines = pending.split("\n");
    pending = lines.pop() ?? "";
    for (const line of lines) {
      log.push(line);
      if (log.length > 200) log.shift();
      if (!line.startsWith(eventPrefix)) continue;
      try {
        events.push({ atMs: performance.now(), event: JSON.parse(line.slice(eventPrefix.length)) });
      } catch {
        // a torn line: the log keeps it
      }
    }
  });
  journal.onTeardown(() => stopChild(child));
  return child;
}

/** SIGTERM (Braid removes its TUN and routes), SIGKILL if it has not gone within 3 s. */
function stopChild(child: ChildProcess): void {
  if (child.exitCode !== null || child.signalCode !== null) return;
  child.kill("SIGTERM");
  const deadline = Date.now() + 3000;
  while (Date.now() < deadline) {
    try {
      process.kill(child.pid as number, 0);
    } catch {
      return;
    }
    execFileSync("sleep", ["0.05"]);
  }
  child.kill("SIGKILL");
}

/**
 * The server's tunnel address answers only through the tunnel (the internet side would answer without it).
 * Asynchronous: the link emulators run on this process's event loop and must keep running meanwhile.
 */
function pingsThrough(net: LabNetwork): Promise<boolean> {
  return new Promise((resolve) => {
    execFile(
      "ip",
      ["netns", "exec", net.ns.client, "ping", "-c", "1", "-W", "1", tunnelServerAddress],
      (error) => resolve(error === null),
    );
  });
}

export async function startLabTunnel(
  net: LabNetwork,
  mode: SchedulerMode,
  journal: LabJournal,
  progress: (line: string) => void,
): Promise<LabTunnel> {
  const dir = mkdtempSync(path.join(tmpdir(), "braidlab-profiles-"));
  journal.onTeardown(() => rmSync(dir, { recursive: true, force: true }));
  const profiles = labProfiles(net);
  const serverConf = path.join(dir, "server.conf");
  const clientConf = path.join(dir, "client.conf");
  writeFileSync(serverConf, profiles.server, { mode: 0o600 });
  writeFileSync(clientConf, profiles.client, { mode: 0o600 });
  const serverLog: string[] = [];
  const clientLog: string[] = [];
  const events: BraidEventLine[] = [];
  const tail = () =>
    `--- braid server run ---\n${serverLog.slice(-15).join("\n")}\n--- braid up ---\n${clientLog.slice(-15).join("\n")}`;
  progress(`lab: starting braid server in ${net.ns.server} and braid up (${mode}) in ${net.ns.client}`);
  const server = startBraid(
    journal,
    net.ns.server,
    ["server", "run", "--config", serverConf, "--mode", mode],
    serverLog,
    [],
  );
  await new Promise((resolve) => setTimeout(resolve, 300));
  const client = startBraid(
    journal,
    net.ns.client,
    ["up", clientConf, "--foreground", "--mode", mode],
    clientLog,
    events,
  );
  const deadline = performance.now() + 15_000;
  for (;;) {
    for (const [name, child] of [
      ["braid server run", server],
      ["braid up", client],
    ] as const) {
      if (child.exitCode !== null) throw new Error(`lab: ${name} exited with ${child.exitCode}\n${tail()}`);
    }
    if (await pingsThrough(net)) break;
    if (performance.now() > deadline)
      throw new Error(`lab: the tunnel did not answer a ping within 15 s\n${tail()}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  // Traffic starts once every link's path has answered probes, so the run measures the bonded tunnel, not its start.
  const links = net.emulators.map((emulator) => emulator.report().name);
  const upLinks = () =>
    new Set(events.filter((e) => e.event.path?.kind === "path-up").map((e) => e.event.pathName));
  while (links.some((link) => !upLinks().has(link)) && performance.now() < deadline)
    await new Promise((resolve) => setTimeout(resolve, 100));
  const missing = links.filter((link) => !upLinks().has(link));
  progress(
    `lab: tunnel up${missing.length ? `; no path yet on ${missing.join(", ")}` : ` on ${links.join(", ")}`}`,
  );
  return { events, logTail: tail };
}
