// Root only: Braid's client against a stock wireguard-go server (configured with wg), and a stock wireguard-go
// client against Braid's server, over one veth: handshake, ping both ways, iperf3 both ways.
import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { dataplaneSkipReason, inNs, run, startBraid, vethBetween } from "./netns-fixture";

const hasTools = ["wireguard-go", "wg", "iperf3"].every((tool) => spawnSync("which", [tool]).status === 0);
const skipReason =
  dataplaneSkipReason() ?? (hasTools ? undefined : "needs wireguard-go, wireguard-tools and iperf3");
const suffix = String(process.pid % 100000);
const stockNs = `bwg-w-${suffix}`; // the wireguard-go side
const braidNs = `bwg-b-${suffix}`; // the Braid side
const wgDev = `bwg${suffix}`.slice(0, 15); // wireguard-go's socket in /var/run/wireguard is shared: unique name
const stockUnderlay = "10.235.0.1";
const braidUnderlay = "10.235.0.2";
const stockTunnel = "10.67.0.1";
const braidTunnel = "10.67.0.2";

const children: ChildProcess[] = [];
let scratch = "";

async function startBraidSide(args: string[]): Promise<void> {
  children.push((await startBraid(braidNs, args)).child);
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
  vethBetween(
    { ns: stockNs, dev: "bwgw", address: stockUnderlay },
    { ns: braidNs, dev: "bwgb", address: braidUnderlay },
  );
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
    await startBraidSide(["up", profile, "--foreground"]);
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
    await startBraidSide(["server", "run", "--config", config]);
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
