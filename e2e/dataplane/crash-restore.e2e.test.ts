// Root only: a `braid up` killed with SIGKILL leaves its journal; the next start restores the journaled changes.
import { type ChildProcess, execFileSync, spawn, spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const root = path.join(__dirname, "..", "..");
const braid = path.join(root, "dist", "helper", "braid.js");
const skipReason =
  process.getuid?.() !== 0
    ? "needs root (network namespaces and TUN)"
    : !existsSync(braid)
      ? "needs npm run build (dist/helper/braid.js)"
      : undefined;
const suffix = Math.random().toString(36).slice(2, 8);
const serverNs = `braidnat-s-${suffix}`;
const clientNs = `braidnat-c-${suffix}`;

const run = (argv: string[], input?: string) =>
  execFileSync(argv[0] as string, argv.slice(1), { encoding: "utf8", input }).trim();
const inNs = (ns: string, argv: string[]) => run(["ip", "netns", "exec", ns, ...argv]);

interface Running {
  readonly child: ChildProcess;
  stderr: string;
}

function startBraid(ns: string, args: string[]): Promise<Running> {
  const child = spawn("ip", ["netns", "exec", ns, process.execPath, braid, ...args], {
    stdio: ["ignore", "ignore", "pipe"],
  });
  const running: Running = { child, stderr: "" };
  return new Promise((resolve, reject) => {
    child.stderr?.on("data", (chunk: Buffer) => {
      running.stderr += chunk.toString();
      if (running.stderr.includes("running on")) resolve(running);
    });
    child.on("exit", (code) =>
      reject(new Error(`braid ${args[0]} exited (${code}) early:\n${running.stderr}`)),
    );
  });
}

function stop(running: Running | undefined, signal: NodeJS.Signals = "SIGTERM"): Promise<number | null> {
  if (!running || running.child.exitCode !== null || running.child.signalCode !== null)
    return Promise.resolve(running?.child.exitCode ?? null);
  const exited = new Promise<number | null>((resolve) => running.child.on("exit", (code) => resolve(code)));
  running.child.kill(signal);
  return exited;
}

describe.skipIf(skipReason !== undefined)(`braid up restores after kill -9 (${skipReason ?? "root"})`, () => {
  const scratch = mkdtempSync(path.join(tmpdir(), "braid-crash-"));
  const clientProfile = path.join(scratch, "client.conf");
  let server: Running | undefined;
  let client: Running | undefined;

  beforeAll(async () => {
    const key = () => run([process.execPath, braid, "keygen"]);
    const pub = (privateKey: string) => run([process.execPath, braid, "pubkey"], privateKey);
    const serverKey = key();
    const clientKey = key();
    run(["ip", "netns", "add", serverNs]);
    run(["ip", "netns", "add", clientNs]);
    run([
      "ip",
      "link",
      "add",
      "bnats",
      "netns",
      serverNs,
      "type",
      "veth",
      "peer",
      "name",
      "bnatc",
      "netns",
      clientNs,
    ]);
    for (const [ns, dev, address] of [
      [serverNs, "bnats", "10.234.0.1"],
      [clientNs, "bnatc", "10.234.0.2"],
    ] as const) {
      inNs(ns, ["ip", "link", "set", "lo", "up"]);
      inNs(ns, ["ip", "address", "add", `${address}/24`, "dev", dev]);
      inNs(ns, ["ip", "link", "set", dev, "up"]);
    }
    const serverConfig = path.join(scratch, "server.conf");
    writeFileSync(
      serverConfig,
      `[Interface]\nPrivateKey = ${serverKey}\nAddress = 10.67.0.1/24\nListenPort = 51820\n\n[Peer]\nPublicKey = ${pub(clientKey)}\nAllowedIPs = 10.67.0.2/32\n`,
    );
    writeFileSync(
      clientProfile,
      `[Interface]\nPrivateKey = ${clientKey}\nAddress = 10.67.0.2/32\n\n[Peer]\nPublicKey = ${pub(serverKey)}\nEndpoint = 10.234.0.1:51820\nAllowedIPs = 0.0.0.0/0\n`,
    );
    server = await startBraid(serverNs, ["server", "run", "--config", serverConfig]);
  }, 30_000);

  afterAll(async () => {
    await stop(client);
    await stop(server);
    spawnSync("ip", ["netns", "del", clientNs]);
    spawnSync("ip", ["netns", "del", serverNs]);
    rmSync(scratch, { recursive: true, force: true });
  });

  it("leaves its journaled rules after SIGKILL and restores them on the next start", async () => {
    client = await startBraid(clientNs, ["up", clientProfile, "--foreground"]);
    const rulesUp = inNs(clientNs, ["ip", "rule"]);
    expect(rulesUp).toContain("10.234.0.2");
    await stop(client, "SIGKILL");
    // The kernel removed the TUN with the process; the source rule outside it is still there.
    expect(inNs(clientNs, ["ip", "rule"])).toContain("10.234.0.2");
    client = await startBraid(clientNs, ["up", clientProfile, "--foreground"]);
    expect(client.stderr).toMatch(/restoring \d+ change/);
    // One rule (the new run's), not two.
    expect(inNs(clientNs, ["ip", "rule"]).split("10.234.0.2").length - 1).toBe(1);
    expect(await stop(client)).toBe(0);
    expect(inNs(clientNs, ["ip", "rule"])).not.toContain("10.234.0.2");
    expect(inNs(clientNs, ["ip", "route", "show", "table", "all"])).not.toContain("table 519");
  }, 30_000);
});
