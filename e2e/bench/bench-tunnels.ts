// The tunnels `braid bench` measures on one veth: wireguard-go ends set up with wg, Braid's server and client,
// each started inside its namespace and stopped by the journal (SIGTERM first, so Braid undoes its own changes).
import { type ChildProcess, execFileSync, spawn, spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { formatWireGuardKey } from "../../helper/config/wireguard-key";
import { generatePrivateKey, publicKey } from "../../helper/engine/crypto/x25519";
import { nodeRandom } from "../../helper/platform/node-random";
import type { LabJournal } from "../lab/lab-journal";
import { braidScript } from "../lab/lab-tunnel";

export interface KeyPair {
  readonly privateKey: string;
  readonly publicKey: string;
}

/** A WireGuard key pair in wg's base64 form (Braid's own x25519; wg and wireguard-go take it as is). */
export function keyPair(): KeyPair {
  const key = generatePrivateKey(nodeRandom);
  return { privateKey: formatWireGuardKey(key), publicKey: formatWireGuardKey(publicKey(key)) };
}

/** A scratch folder for keys and profiles, removed with the journal. */
export function scratchDir(journal: LabJournal): string {
  const dir = mkdtempSync(path.join(tmpdir(), "bbench-"));
  journal.onTeardown(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/** SIGTERM, then SIGKILL if it has not gone within 3 s; synchronous, so it also works from a signal handler. */
function stopChild(child: ChildProcess): void {
  if (child.exitCode !== null || child.signalCode !== null || child.pid === undefined) return;
  child.kill("SIGTERM");
  const deadline = Date.now() + 3000;
  while (Date.now() < deadline) {
    try {
      process.kill(child.pid, 0);
    } catch {
      return;
    }
    execFileSync("sleep", ["0.05"]);
  }
  child.kill("SIGKILL");
}

/** `braid ARGS` in ns (`ip netns exec` execs, so the pid is Braid's own); resolves once it says "running on". */
export function startBraidIn(journal: LabJournal, ns: string, args: readonly string[]): Promise<number> {
  const child = spawn("ip", ["netns", "exec", ns, process.execPath, braidScript(), ...args], {
    stdio: ["ignore", "ignore", "pipe"],
  });
  journal.onTeardown(() => stopChild(child));
  let stderr = "";
  return new Promise((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`braid ${args[0]} did not start within 15 s:\n${stderr.slice(-1500)}`)),
      15_000,
    );
    child.stderr?.on("data", (chunk: Buffer) => {
      stderr += chunk.toString();
      if (stderr.length > 20_000) stderr = stderr.slice(-10_000);
      if (stderr.includes("running on")) {
        clearTimeout(timer);
        resolve(child.pid as number);
      }
    });
    child.on("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`braid ${args[0]} exited (${code}) early:\n${stderr.slice(-1500)}`));
    });
  });
}

export interface WireguardGoEnd {
  readonly ns: string;
  /** Unique on the host: wireguard-go's UAPI socket lives in /var/run/wireguard, shared by every namespace. */
  readonly dev: string;
  readonly keys: KeyPair;
  readonly address: string;
  readonly listenPort?: number;
  readonly peer: { readonly publicKey: string; readonly allowedIp: string; readonly endpoint?: string };
}

/** wireguard-go in the foreground in its namespace, configured with wg and ip; resolves with its pid. */
export async function startWireguardGo(
  journal: LabJournal,
  end: WireguardGoEnd,
  scratch: string,
): Promise<number> {
  const child = spawn("ip", ["netns", "exec", end.ns, "wireguard-go", "-f", end.dev], { stdio: "ignore" });
  journal.onTeardown(() => stopChild(child));
  const deadline = Date.now() + 5000;
  while (spawnSync("ip", ["-n", end.ns, "link", "show", end.dev]).status !== 0) {
    if (child.exitCode !== null)
      throw new Error(`wireguard-go ${end.dev} exited (${child.exitCode}) at start`);
    if (Date.now() > deadline) throw new Error(`wireguard-go did not create ${end.dev} within 5 s`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  const keyFile = path.join(scratch, `${end.dev}.key`);
  writeFileSync(keyFile, `${end.keys.privateKey}\n`, { mode: 0o600 });
  const wg = ["ip", "netns", "exec", end.ns, "wg", "set", end.dev, "private-key", keyFile];
  if (end.listenPort !== undefined) wg.push("listen-port", String(end.listenPort));
  wg.push("peer", end.peer.publicKey, "allowed-ips", end.peer.allowedIp);
  if (end.peer.endpoint !== undefined) wg.push("endpoint", end.peer.endpoint);
  journal.change(wg);
  journal.change(["ip", "-n", end.ns, "address", "add", `${end.address}/24`, "dev", end.dev]);
  journal.change(["ip", "-n", end.ns, "link", "set", end.dev, "up"]);
  return child.pid as number;
}
