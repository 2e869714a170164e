// Root only: `braid server run` and `braid up --foreground` in two namespaces joined by veth carry real traffic.
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
const suffix = String(process.pid % 100000);
const serverNs = `bdp-s-${suffix}`;
const clientNs = `bdp-c-${suffix}`;
// A host beyond the server with no route back to the tunnel's addresses: reachable only through the server's NAT.
const internetNs = `bdp-i-${suffix}`;
const internetHost = "10.234.0.2";
const serverUnderlay = "10.233.0.1";
const clientUnderlay = "10.233.0.2";
const serverTunnel = "10.66.0.1";
const clientTunnel = "10.66.0.2";

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

function stop(running: Running | undefined): Promise<number | null> {
  if (!running || running.child.exitCode !== null) return Promise.resolve(running?.child.exitCode ?? null);
  const exited = new Promise<number | null>((resolve) => running.child.on("exit", (code) => resolve(code)));
  running.child.kill("SIGTERM");
  return exited;
}

describe.skipIf(skipReason !== undefined)(
  `braid server + braid up over veth (${skipReason ?? "root"})`,
  () => {
    const scratch = mkdtempSync(path.join(tmpdir(), "braid-pair-"));
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
        "bdps",
        "netns",
        serverNs,
        "type",
        "veth",
        "peer",
        "name",
        "bdpc",
        "netns",
        clientNs,
      ]);
      for (const [ns, dev, address] of [
        [serverNs, "bdps", serverUnderlay],
        [clientNs, "bdpc", clientUnderlay],
      ] as const) {
        inNs(ns, ["ip", "link", "set", "lo", "up"]);
        inNs(ns, ["ip", "address", "add", `${address}/24`, "dev", dev]);
        inNs(ns, ["ip", "link", "set", dev, "up"]);
      }
      run(["ip", "netns", "add", internetNs]);
      run([
        "ip",
        "link",
        "add",
        "bdpo",
        "netns",
        serverNs,
        "type",
        "veth",
        "peer",
        "name",
        "bdpi",
        "netns",
        internetNs,
      ]);
      for (const [ns, dev, address] of [
        [serverNs, "bdpo", "10.234.0.1"],
        [internetNs, "bdpi", internetHost],
      ] as const) {
        inNs(ns, ["ip", "link", "set", "lo", "up"]);
        inNs(ns, ["ip", "address", "add", `${address}/24`, "dev", dev]);
        inNs(ns, ["ip", "link", "set", dev, "up"]);
      }
      inNs(serverNs, ["ip", "route", "add", "default", "via", internetHost]);
      const serverConfig = path.join(scratch, "server.conf");
      const clientProfile = path.join(scratch, "client.conf");
      writeFileSync(
        serverConfig,
        `[Interface]\nPrivateKey = ${serverKey}\nAddress = ${serverTunnel}/24\nListenPort = 51820\n\n` +
          `[Peer]\nPublicKey = ${pub(clientKey)}\nAllowedIPs = ${clientTunnel}/32\n`,
      );
      writeFileSync(
        clientProfile,
        `[Interface]\nPrivateKey = ${clientKey}\nAddress = ${clientTunnel}/32\n\n` +
          `[Peer]\nPublicKey = ${pub(serverKey)}\nEndpoint = ${serverUnderlay}:51820\nAllowedIPs = 0.0.0.0/0\n`,
      );
      server = await startBraid(serverNs, ["server", "run", "--config", serverConfig]);
      client = await startBraid(clientNs, ["up", clientProfile, "--foreground"]);
    }, 30_000);

    afterAll(async () => {
      await stop(client);
      await stop(server);
      spawnSync("ip", ["netns", "del", clientNs]);
      spawnSync("ip", ["netns", "del", serverNs]);
      spawnSync("ip", ["netns", "del", internetNs]);
      rmSync(scratch, { recursive: true, force: true });
    });

    it("pings the server's tunnel address through the tunnel", () => {
      // The first echo waits for the handshake; then every echo should come back.
      spawnSync("ip", ["netns", "exec", clientNs, "ping", "-c", "1", "-W", "5", serverTunnel]);
      const out = inNs(clientNs, ["ping", "-c", "10", "-i", "0.2", "-W", "2", serverTunnel]);
      console.log(out.split("\n").slice(-2).join("\n"));
      const received = Number(/(\d+) received/.exec(out)?.[1] ?? 0);
      expect(received).toBeGreaterThanOrEqual(9);
    }, 30_000);

    it("reaches a host beyond the server through the server's NAT", () => {
      expect(inNs(serverNs, ["nft", "list", "tables"])).toContain("braid_nat_braid0");
      expect(inNs(serverNs, ["cat", "/proc/sys/net/ipv4/ip_forward"])).toBe("1");
      const out = inNs(clientNs, ["ping", "-c", "5", "-i", "0.2", "-W", "2", internetHost]);
      expect(Number(/(\d+) received/.exec(out)?.[1] ?? 0)).toBeGreaterThanOrEqual(4);
    }, 30_000);

    it("carries TCP (iperf3 for 3 s)", async () => {
      if (spawnSync("which", ["iperf3"]).status !== 0) return;
      const iperfServer = spawn("ip", ["netns", "exec", serverNs, "iperf3", "-s", "-1", "-B", serverTunnel], {
        stdio: "ignore",
      });
      await new Promise((resolve) => setTimeout(resolve, 500));
      try {
        const report = JSON.parse(inNs(clientNs, ["iperf3", "-c", serverTunnel, "-t", "3", "-J"]));
        const mbitPerSec = report.end.sum_received.bits_per_second / 1e6;
        console.log(`iperf3 through braid: ${mbitPerSec.toFixed(1)} Mbit/s received`);
        expect(mbitPerSec).toBeGreaterThan(1);
      } finally {
        iperfServer.kill("SIGTERM");
      }
    }, 30_000);

    it("removes its TUN and routes when stopped", async () => {
      expect(await stop(client)).toBe(0);
      expect(inNs(clientNs, ["ip", "-br", "link"])).not.toContain("braid0");
      expect(inNs(clientNs, ["ip", "route"])).not.toContain(`${serverUnderlay} dev`);
      expect(await stop(server)).toBe(0);
      expect(inNs(serverNs, ["ip", "-br", "link"])).not.toContain("braid0");
      // NAT and forwarding are put back as they were (a new namespace starts with forwarding off).
      expect(inNs(serverNs, ["nft", "list", "tables"])).not.toContain("braid_nat");
      expect(inNs(serverNs, ["cat", "/proc/sys/net/ipv4/ip_forward"])).toBe("0");
    }, 15_000);
  },
);
