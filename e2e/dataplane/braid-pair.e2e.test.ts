// Root only: `braid server run` and `braid up --foreground` in two namespaces joined by veth carry real traffic.
import { spawn, spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  braidScript,
  dataplaneSkipReason,
  inNs,
  type RunningBraid,
  run,
  startBraid,
  stopBraid,
  vethBetween,
} from "./netns-fixture";

const skipReason = dataplaneSkipReason();
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

describe.skipIf(skipReason !== undefined)(
  `braid server + braid up over veth (${skipReason ?? "root"})`,
  () => {
    const scratch = mkdtempSync(path.join(tmpdir(), "braid-pair-"));
    let server: RunningBraid | undefined;
    let client: RunningBraid | undefined;
    let clientProfile = "";

    beforeAll(async () => {
      const key = () => run([process.execPath, braidScript, "keygen"]);
      const pub = (privateKey: string) => run([process.execPath, braidScript, "pubkey"], privateKey);
      const serverKey = key();
      const clientKey = key();
      run(["ip", "netns", "add", serverNs]);
      run(["ip", "netns", "add", clientNs]);
      run(["ip", "netns", "add", internetNs]);
      vethBetween(
        { ns: serverNs, dev: "bdps", address: serverUnderlay },
        { ns: clientNs, dev: "bdpc", address: clientUnderlay },
      );
      vethBetween(
        { ns: serverNs, dev: "bdpo", address: "10.234.0.1" },
        { ns: internetNs, dev: "bdpi", address: internetHost },
      );
      inNs(serverNs, ["ip", "route", "add", "default", "via", internetHost]);
      const serverConfig = path.join(scratch, "server.conf");
      clientProfile = path.join(scratch, "client.conf");
      writeFileSync(
        serverConfig,
        `[Interface]\nPrivateKey = ${serverKey}\nAddress = ${serverTunnel}/24\nListenPort = 51820\n\n` +
          `[Peer]\nPublicKey = ${pub(clientKey)}\nAllowedIPs = ${clientTunnel}/32\n`,
      );
      writeFileSync(
        clientProfile,
        `[Interface]\nPrivateKey = ${clientKey}\nAddress = ${clientTunnel}/32\n\n` +
          `[Peer]\nPublicKey = ${pub(serverKey)}\nEndpoint = ${serverUnderlay}:51820\nAllowedIPs = 0.0.0.0/0\n\n` +
          // Braid's own keys ride along; the rest of this profile is stock wg-quick.
          "[Braid]\nMode = redundant\nProbeRateHz = 20\n",
      );
      server = await startBraid(serverNs, ["server", "run", "--config", serverConfig]);
      client = await startBraid(clientNs, ["up", clientProfile, "--foreground"]);
    }, 30_000);

    afterAll(async () => {
      await stopBraid(client);
      await stopBraid(server);
      spawnSync("ip", ["netns", "del", clientNs]);
      spawnSync("ip", ["netns", "del", serverNs]);
      spawnSync("ip", ["netns", "del", internetNs]);
      rmSync(scratch, { recursive: true, force: true });
    });

    it("takes the scheduler from the profile's [Braid] section", () => {
      expect(client?.stderr).toContain("braid up: mode redundant (from the profile)");
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

    it("a restarted client gets a new session from the same running server (new ports, sequence from zero)", async () => {
      expect(await stopBraid(client)).toBe(0);
      client = await startBraid(clientNs, ["up", clientProfile, "--foreground"]);
      // As at the first start, the first echo waits for the new handshake.
      spawnSync("ip", ["netns", "exec", clientNs, "ping", "-c", "1", "-W", "5", serverTunnel]);
      const out = inNs(clientNs, ["ping", "-c", "5", "-i", "0.2", "-W", "2", serverTunnel]);
      expect(out).toContain("5 received");
    }, 30_000);

    it("removes its TUN and routes when stopped", async () => {
      expect(await stopBraid(client)).toBe(0);
      expect(inNs(clientNs, ["ip", "-br", "link"])).not.toContain("braid0");
      expect(inNs(clientNs, ["ip", "route"])).not.toContain(`${serverUnderlay} dev`);
      expect(await stopBraid(server)).toBe(0);
      expect(inNs(serverNs, ["ip", "-br", "link"])).not.toContain("braid0");
      // NAT and forwarding are put back as they were (a new namespace starts with forwarding off).
      expect(inNs(serverNs, ["nft", "list", "tables"])).not.toContain("braid_nat");
      expect(inNs(serverNs, ["cat", "/proc/sys/net/ipv4/ip_forward"])).toBe("0");
    }, 15_000);
  },
);
