// Root only: Braid's client against a stock wireguard-go server (configured with wg), and a stock wireguard-go
// client against Braid's server, over one veth: handshake, ping both ways, iperf3 both ways.
import { type ChildProcess, execFileSync, spawn, spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";

const root = path.join(__dirname, "..", "..");
const braid = path.join(root, "dist", "helper", "braid.js");
const hasTools = ["wireguard-go", "wg", "iperf3"].every((tool) => spawnSync("which", [tool]).status === 0);
const skipReason =
  process.getuid?.() !== 0
    ? "needs root (network namespaces and TUN)"
    : !existsSync(braid)
      ? "needs npm run build (dist/helper/braid.js)"
      : !hasTools
        ? "needs wireguard-go, wireguard-tools and iperf3"
        : undefined;
const suffix = String(process.pid % 100000);
const stockNs = `bwg-w-${suffix}`; // the wireguard-go side
const braidNs = `bwg-b-${suffix}`; // the Braid side
const wgDev = `bwg${suffix}`.slice(0, 15); // wireguard-go's socket in /var/run/wireguard is shared: unique name
const stockUnderlay = "10.235.0.1";
const braidUnderlay = "10.235.0.2";
const stockTunnel = "10.67.0.1";
const braidTunnel = "10.67.0.2";

const run = (argv: string[], input?: string) =>
  execFileSync(argv[0] as string, argv.slice(1), { encoding: "utf8", input }).trim();
const inNs = (ns: string, argv: string[]) => run(["ip", "netns", "exec", ns, ...argv]);

const children: ChildProcess[] = [];
let scratch = "";

function startBraid(args: string[]): Promise<void> {
  const child = spawn("ip", ["netns", "exec", braidNs, process.execPath, braid, ...args], {
    stdio: ["ignore", "ignore", "pipe"],
  });
  children.push(child);
  let stderr = "";
  return new Promise((resolve, reject) => {
    child.stderr?.on("data", (chunk: Buffer) => {
      stderr += chunk.toString();
      if (stderr.includes("running on")) resolve();
    });
    child.on("exit", (code) => reject(new Error(`braid ${args[0]} exited (${code}):\n${stderr}`)));
  });
}

/** wireguard-go in the foreground inside stockNs, then keys, port, peer and address set with wg and ip. */
async function startWireguardGo(privateKey: string, peer: string[], listen: boolean): Promise<void> {
  const child = spawn("ip", ["netns", "exec", stockNs, "wireguard-go", "-f", wgDev], { stdio: "ignore" });
  children.push(child);
  const deadline = Date.now() + 5000;
  while (spawnSync("ip", ["netns", "exec", stockNs, "ip", "link", "show", wgDev]).status !== 0) {
    if (Date.now() > deadline) throw new Error("wireguard-go did not create its device within 5 s");
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  const keyFile = path.join(scratch, "wg.key");
  writeFileSync(keyFile, `${privateKey}\n`, { mode: 0o600 });
  inNs(stockNs, [
    "wg",
    "set",
    wgDev,
    "private-key",
    keyFile,
    ...(listen ? ["listen-port", "51820"] : []),
    "peer",
    ...peer,
  ]);
  inNs(stockNs, ["ip", "address", "add", `${stockTunnel}/24`, "dev", wgDev]);
  inNs(stockNs, ["ip", "link", "set", wgDev, "up"]);
}

function buildNamespaces(): void {
  scratch = mkdtempSync(path.join(tmpdir(), "braid-wg-interop-"));
  run(["ip", "netns", "add", stockNs]);
  run(["ip", "netns", "add", braidNs]);
  run([
    "ip",
    "link",
    "add",
    "bwgw",
    "netns",
    stockNs,
    "type",
    "veth",
    "peer",
    "name",
    "bwgb",
    "netns",
    braidNs,
  ]);
  for (const [ns, dev, address] of [
    [stockNs, "bwgw", stockUnderlay],
    [braidNs, "bwgb", braidUnderlay],
  ] as const) {
    inNs(ns, ["ip", "link", "set", "lo", "up"]);
    inNs(ns, ["ip", "address", "add", `${address}/24`, "dev", dev]);
    inNs(ns, ["ip", "link", "set", dev, "up"]);
  }
}

async function pingAndIperf(label: string): Promise<void> {
  // The first echo waits for the handshake.
  spawnSync("ip", ["netns", "exec", braidNs, "ping", "-c", "1", "-W", "5", stockTunnel]);
  for (const [from, to] of [
    [braidNs, stockTunnel],
    [stockNs, braidTunnel],
  ] as const) {
    const out = inNs(from, ["ping", "-c", "5", "-i", "0.2", "-W", "2", to]);
    expect(Number(/(\d+) received/.exec(out)?.[1] ?? 0), `${label}: ping ${to}`).toBeGreaterThanOrEqual(4);
  }
  const iperfServer = spawn("ip", ["netns", "exec", stockNs, "iperf3", "-s", "-B", stockTunnel], {
    stdio: "ignore",
  });
  children.push(iperfServer);
  await new Promise((resolve) => setTimeout(resolve, 500));
  for (const reverse of [false, true]) {
    const report = JSON.parse(
      inNs(braidNs, [
        "iperf3",
        "-c",
        stockTunnel,
        "-t",
        "2",
        "-J",
        "--connect-timeout",
        "5000",
        ...(reverse ? ["-R"] : []),
      ]),
    );
    const mbit = report.end.sum_received.bits_per_second / 1e6;
    console.log(`${label}: iperf3 ${reverse ? "stock → braid" : "braid → stock"} ${mbit.toFixed(1)} Mbit/s`);
    expect(mbit).toBeGreaterThan(1);
  }
}

const wgKey = () => run(["wg", "genkey"]);
const wgPub = (key: string) => run(["wg", "pubkey"], key);

describe.skipIf(skipReason !== undefined)(`interop with wireguard-go (${skipReason ?? "root"})`, () => {
  afterEach(async () => {
    for (const child of children.splice(0)) if (child.exitCode === null) child.kill("SIGTERM");
    await new Promise((resolve) => setTimeout(resolve, 800)); // braid removes its TUN on SIGTERM
    spawnSync("ip", ["netns", "del", stockNs]);
    spawnSync("ip", ["netns", "del", braidNs]);
    rmSync(scratch, { recursive: true, force: true });
  });

  it("Braid's client talks to a wireguard-go server", { timeout: 60_000 }, async () => {
    buildNamespaces();
    const stockKey = wgKey();
    const braidKey = wgKey();
    await startWireguardGo(stockKey, [wgPub(braidKey), "allowed-ips", `${braidTunnel}/32`], true);
    const profile = path.join(scratch, "client.conf");
    writeFileSync(
      profile,
      `[Interface]\nPrivateKey = ${braidKey}\nAddress = ${braidTunnel}/24\n\n` +
        `[Peer]\nPublicKey = ${wgPub(stockKey)}\nEndpoint = ${stockUnderlay}:51820\nAllowedIPs = ${stockTunnel}/32\n`,
    );
    await startBraid(["up", profile, "--foreground"]);
    await pingAndIperf("braid client ↔ wireguard-go server");
  });

  it("a wireguard-go client talks to Braid's server", { timeout: 60_000 }, async () => {
    buildNamespaces();
    const stockKey = wgKey();
    const braidKey = wgKey();
    const config = path.join(scratch, "server.conf");
    writeFileSync(
      config,
      `[Interface]\nPrivateKey = ${braidKey}\nAddress = ${braidTunnel}/24\nListenPort = 51820\n\n` +
        `[Peer]\nPublicKey = ${wgPub(stockKey)}\nAllowedIPs = ${stockTunnel}/32\n`,
    );
    await startBraid(["server", "run", "--config", config]);
    await startWireguardGo(
      stockKey,
      [
        wgPub(braidKey),
        "endpoint",
        `${braidUnderlay}:51820`,
        "allowed-ips",
        `${braidTunnel}/32`,
        "persistent-keepalive",
        "5",
      ],
      false,
    );
    await pingAndIperf("wireguard-go client ↔ braid server");
  });
});
