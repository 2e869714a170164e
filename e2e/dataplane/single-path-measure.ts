// Single-path data-plane measurement: raw veth, wireguard-go or Braid between two namespaces on one veth,
// measured with iperf3 (TCP, UDP at fixed rates with loss) and ping (idle p50). Importable by `braid bench`.
import { type ChildProcess, execFileSync, spawn, spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";

export type SinglePathKind = "veth" | "wireguard-go" | "braid";

export interface SinglePathOptions {
  /** Path to dist/helper/braid.js (needed for kind "braid"). */
  readonly braidScript?: string;
  readonly tcpSeconds?: number;
  readonly udpRatesMbit?: readonly number[];
  readonly udpSeconds?: number;
  readonly pingCount?: number;
}

export interface UdpResult {
  readonly offeredMbit: number;
  readonly receivedMbit: number;
  readonly lossPct: number;
}

export interface SinglePathResult {
  readonly kind: SinglePathKind;
  readonly tcpMbit: number;
  readonly tcpRetransmits: number;
  readonly udp: readonly UdpResult[];
  readonly pingP50Ms: number;
}

const serverUnderlay = "10.234.0.1";
const clientUnderlay = "10.234.0.2";
const serverTunnel = "10.67.0.1";
const clientTunnel = "10.67.0.2";

const run = (argv: string[], input?: string) =>
  execFileSync(argv[0] as string, argv.slice(1), { encoding: "utf8", input }).trim();
const inNs = (ns: string, argv: string[]) => run(["ip", "netns", "exec", ns, ...argv]);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Starts a long-running process in a namespace; resolves once `ready` appears on stderr (or at once). */
function startInNs(ns: string, argv: string[], ready?: string): Promise<ChildProcess> {
  const child = spawn("ip", ["netns", "exec", ns, ...argv], { stdio: ["ignore", "ignore", "pipe"] });
  let stderr = "";
  return new Promise((resolve, reject) => {
    if (ready === undefined) resolve(child);
    child.stderr?.on("data", (chunk: Buffer) => {
      stderr += chunk.toString();
      if (ready !== undefined && stderr.includes(ready)) resolve(child);
    });
    child.on("exit", (code) => reject(new Error(`${argv.join(" ")} exited (${code}) early:\n${stderr}`)));
  });
}

function stopAll(children: ChildProcess[]): Promise<void> {
  return Promise.all(
    children.map((child) => {
      if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
      const exited = new Promise<void>((resolve) => child.on("exit", () => resolve()));
      child.kill("SIGTERM");
      const force = setTimeout(() => child.kill("SIGKILL"), 3000);
      return exited.then(() => clearTimeout(force));
    }),
  ).then(() => undefined);
}

async function startWireguardGo(serverNs: string, clientNs: string, children: ChildProcess[]): Promise<void> {
  const serverKey = run(["wg", "genkey"]);
  const clientKey = run(["wg", "genkey"]);
  const sides = [
    [serverNs, serverKey, clientKey, serverTunnel, clientTunnel, ["listen-port", "51821"], []],
    [clientNs, clientKey, serverKey, clientTunnel, serverTunnel, [], ["endpoint", `${serverUnderlay}:51821`]],
  ] as const;
  for (const [ns, own, peer, address, peerAddress, listen, endpoint] of sides) {
    // The UAPI socket lives in /var/run/wireguard, shared by all namespaces: one name per side.
    const dev = ns === serverNs ? "wgperfs" : "wgperfc";
    children.push(await startInNs(ns, ["wireguard-go", "-f", dev]));
    for (
      let i = 0;
      i < 50 && spawnSync("ip", ["netns", "exec", ns, "ip", "link", "show", dev]).status !== 0;
      i++
    )
      await sleep(100);
    const keyFile = path.join(tmpdir(), `braidperf-key-${randomBytes(4).toString("hex")}`);
    writeFileSync(keyFile, own, { mode: 0o600 });
    try {
      inNs(ns, ["wg", "set", dev, "private-key", keyFile, ...listen, "peer", run(["wg", "pubkey"], peer)]);
      inNs(ns, [
        "wg",
        "set",
        dev,
        "peer",
        run(["wg", "pubkey"], peer),
        "allowed-ips",
        `${peerAddress}/32`,
        ...endpoint,
      ]);
    } finally {
      rmSync(keyFile, { force: true });
    }
    inNs(ns, ["ip", "address", "add", `${address}/24`, "dev", dev]);
    inNs(ns, ["ip", "link", "set", dev, "up"]);
  }
}

async function startBraid(serverNs: string, clientNs: string, braid: string, children: ChildProcess[]) {
  const scratch = mkdtempSync(path.join(tmpdir(), "braidperf-"));
  try {
    const key = () => run([process.execPath, braid, "keygen"]);
    const pub = (privateKey: string) => run([process.execPath, braid, "pubkey"], privateKey);
    const serverKey = key();
    const clientKey = key();
    const serverConfig = path.join(scratch, "server.conf");
    const clientProfile = path.join(scratch, "client.conf");
    writeFileSync(
      serverConfig,
      `[Interface]\nPrivateKey = ${serverKey}\nAddress = ${serverTunnel}/24\nListenPort = 51822\n\n` +
        `[Peer]\nPublicKey = ${pub(clientKey)}\nAllowedIPs = ${clientTunnel}/32\n`,
    );
    writeFileSync(
      clientProfile,
      `[Interface]\nPrivateKey = ${clientKey}\nAddress = ${clientTunnel}/32\n\n` +
        `[Peer]\nPublicKey = ${pub(serverKey)}\nEndpoint = ${serverUnderlay}:51822\nAllowedIPs = 0.0.0.0/0\n`,
    );
    children.push(
      await startInNs(
        serverNs,
        [process.execPath, braid, "server", "run", "--config", serverConfig],
        "running on",
      ),
    );
    children.push(
      await startInNs(clientNs, [process.execPath, braid, "up", clientProfile, "--foreground"], "running on"),
    );
  } finally {
    // Both have read their configuration by the time they say "running on".
    rmSync(scratch, { recursive: true, force: true });
  }
}

async function iperf(serverNs: string, clientNs: string, target: string, extra: string[]) {
  const server = spawn("ip", ["netns", "exec", serverNs, "iperf3", "-s", "-1", "-B", target], {
    stdio: "ignore",
  });
  await sleep(400);
  try {
    return JSON.parse(inNs(clientNs, ["iperf3", "-c", target, "-J", ...extra]));
  } finally {
    await stopAll([server]);
  }
}

function pingP50Ms(clientNs: string, target: string, count: number): number {
  const out = inNs(clientNs, ["ping", "-c", String(count), "-i", "0.01", "-W", "1", target]);
  const rtts = [...out.matchAll(/time=([\d.]+) ms/g)].map((m) => Number(m[1])).sort((a, b) => a - b);
  return rtts.length === 0 ? Number.NaN : (rtts[Math.floor(rtts.length / 2)] as number);
}

/** Builds namespaces braidperf-<id>-s/-c joined by one veth, measures `kind`, and always removes them. */
export async function measureSinglePath(
  kind: SinglePathKind,
  opts: SinglePathOptions = {},
): Promise<SinglePathResult> {
  const id = randomBytes(3).toString("hex");
  const serverNs = `braidperf-${id}-s`;
  const clientNs = `braidperf-${id}-c`;
  const children: ChildProcess[] = [];
  try {
    run(["ip", "netns", "add", serverNs]);
    run(["ip", "netns", "add", clientNs]);
    run([
      "ip",
      "link",
      "add",
      `bp${id}s`,
      "netns",
      serverNs,
      "type",
      "veth",
      "peer",
      "name",
      `bp${id}c`,
      "netns",
      clientNs,
    ]);
    for (const [ns, dev, address] of [
      [serverNs, `bp${id}s`, serverUnderlay],
      [clientNs, `bp${id}c`, clientUnderlay],
    ] as const) {
      inNs(ns, ["ip", "link", "set", "lo", "up"]);
      inNs(ns, ["ip", "address", "add", `${address}/24`, "dev", dev]);
      inNs(ns, ["ip", "link", "set", dev, "up"]);
    }
    let target = serverUnderlay;
    if (kind === "wireguard-go") await startWireguardGo(serverNs, clientNs, children);
    if (kind === "braid") {
      if (opts.braidScript === undefined) throw new Error("measureSinglePath braid needs opts.braidScript");
      await startBraid(serverNs, clientNs, opts.braidScript, children);
    }
    if (kind !== "veth") target = serverTunnel;
    if (process.env.BRAIDPERF_DEBUG)
      console.error(
        inNs(clientNs, ["ip", "-4", "route", "show", "table", "all"]),
        inNs(clientNs, ["ip", "rule"]),
      );
    // First packet may wait for the handshake.
    spawnSync("ip", ["netns", "exec", clientNs, "ping", "-c", "3", "-W", "5", target]);
    const ping = pingP50Ms(clientNs, target, opts.pingCount ?? 100);
    const tcp = await iperf(serverNs, clientNs, target, ["-t", String(opts.tcpSeconds ?? 5)]);
    const udp: UdpResult[] = [];
    for (const rateMbit of opts.udpRatesMbit ?? [100, 300, 600]) {
      const report = await iperf(serverNs, clientNs, target, [
        "-u",
        "-b",
        `${rateMbit}M`,
        "-l",
        "1300",
        "-t",
        String(opts.udpSeconds ?? 3),
      ]);
      const sum = report.end.sum;
      udp.push({
        offeredMbit: rateMbit,
        receivedMbit: (sum.bits_per_second * (1 - sum.lost_percent / 100)) / 1e6,
        lossPct: sum.lost_percent,
      });
    }
    return {
      kind,
      tcpMbit: tcp.end.sum_received.bits_per_second / 1e6,
      tcpRetransmits: tcp.end.sum_sent.retransmits ?? 0,
      udp,
      pingP50Ms: ping,
    };
  } finally {
    await stopAll(children);
    spawnSync("ip", ["netns", "del", clientNs]);
    spawnSync("ip", ["netns", "del", serverNs]);
  }
}
