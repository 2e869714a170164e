// Root only: `braid up --kill-switch` lets nothing out of the client's uplink but Braid's UDP to the server, while
// traffic tries to leak, the link is cut and comes back, and the server restarts; stopping it lets traffic flow.
//   client ─bksc/bkss─ server (router, NAT) ─bkso/bkst─ third host
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  type Capture,
  type LeakAttempts,
  sortPackets,
  startCapture,
  startLeakAttempts,
  stopCapture,
  stopLeakAttempts,
} from "./leak-capture";
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

const missingTool = ["tcpdump", "nft"].find((tool) => spawnSync("which", [tool]).status !== 0);
const skipReason =
  dataplaneSkipReason() ?? (missingTool && `needs ${missingTool} (apt-get install ${missingTool})`);
const suffix = Math.random().toString(36).slice(2, 8);
const ns = { client: `bks-c-${suffix}`, server: `bks-s-${suffix}`, third: `bks-t-${suffix}` };
const clientUplink = { dev: "bksc", address: "10.239.0.2" };
const serverUnderlay = "10.239.0.1";
const thirdHost = "10.240.0.2";
const serverTunnel = "10.69.0.1";
const clientTunnel = "10.69.0.2";
const port = 51820;
const table = "braid_killswitch_braid0";

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const pingOk = (target: string, count = 1, extra: string[] = []): boolean =>
  spawnSync("ip", [
    "netns",
    "exec",
    ns.client,
    "ping",
    "-n",
    "-c",
    String(count),
    "-W",
    "1",
    ...extra,
    target,
  ]).status === 0;
const clientTables = () => inNs(ns.client, ["nft", "list", "tables"]);

/** Pings until one echo comes back; the ms that took, or throws naming what never came back. */
async function untilPings(target: string, timeoutMs: number): Promise<number> {
  const started = performance.now();
  while (!pingOk(target)) {
    if (performance.now() - started > timeoutMs)
      throw new Error(`${target} not reachable within ${timeoutMs} ms`);
    await sleep(200);
  }
  return Math.round(performance.now() - started);
}

describe.skipIf(skipReason !== undefined)(
  `braid up --kill-switch leaks nothing (${skipReason ?? "root"})`,
  () => {
    const scratch = mkdtempSync(path.join(tmpdir(), "braid-killswitch-"));
    const serverConfig = path.join(scratch, "server.conf");
    const clientProfile = path.join(scratch, "client.conf");
    let server: RunningBraid | undefined;
    let client: RunningBraid | undefined;
    let capture: Capture | undefined;
    let attempts: LeakAttempts | undefined;
    let clientMac = "";
    const braidUdp = { from: clientUplink.address, to: serverUnderlay, port };

    beforeAll(async () => {
      const key = () => run([process.execPath, braidScript, "keygen"]);
      const pub = (privateKey: string) => run([process.execPath, braidScript, "pubkey"], privateKey);
      const serverKey = key();
      const clientKey = key();
      for (const name of Object.values(ns)) run(["ip", "netns", "add", name]);
      vethBetween(
        { ns: ns.client, ...clientUplink },
        { ns: ns.server, dev: "bkss", address: serverUnderlay },
      );
      vethBetween(
        { ns: ns.server, dev: "bkso", address: "10.240.0.1" },
        { ns: ns.third, dev: "bkst", address: thirdHost },
      );
      inNs(ns.client, ["ip", "route", "add", "default", "via", serverUnderlay]);
      inNs(ns.server, ["ip", "route", "add", "default", "via", thirdHost]);
      // The third host answers the client's plain (untunnelled) address too: what leaks would get a reply.
      inNs(ns.third, ["ip", "route", "add", "10.239.0.0/24", "via", "10.240.0.1"]);
      clientMac = JSON.parse(inNs(ns.client, ["ip", "-j", "link", "show", clientUplink.dev]))[0].address;
      writeFileSync(
        serverConfig,
        `[Interface]\nPrivateKey = ${serverKey}\nAddress = ${serverTunnel}/24\nListenPort = ${port}\n\n` +
          `[Peer]\nPublicKey = ${pub(clientKey)}\nAllowedIPs = ${clientTunnel}/32\n`,
      );
      writeFileSync(
        clientProfile,
        `[Interface]\nPrivateKey = ${clientKey}\nAddress = ${clientTunnel}/32\n\n` +
          `[Peer]\nPublicKey = ${pub(serverKey)}\nEndpoint = ${serverUnderlay}:${port}\nAllowedIPs = 0.0.0.0/0\n`,
      );
      server = await startBraid(ns.server, ["server", "run", "--config", serverConfig]);
      client = await startBraid(ns.client, ["up", clientProfile, "--foreground", "--kill-switch"]);
    }, 30_000);

    afterAll(async () => {
      stopLeakAttempts(attempts);
      if (capture) await stopCapture(capture).catch(() => []);
      await stopBraid(client);
      await stopBraid(server);
      for (const name of Object.values(ns)) spawnSync("ip", ["netns", "del", name]);
      rmSync(scratch, { recursive: true, force: true });
    });

    it("shows only Braid's UDP to the server on the uplink while leaks are tried, the link is cut and the server restarts", async () => {
      expect(clientTables()).toContain(table);
      expect(client?.stderr).toContain("kill switch on");
      await untilPings(serverTunnel, 10_000);
      capture = await startCapture(ns.client, clientUplink.dev, path.join(scratch, "kill-switch.pcap"));
      attempts = startLeakAttempts(ns.client, scratch, clientUplink, [serverUnderlay, thirdHost], 60_000);
      // The tunnel itself still works, to the server and through its NAT to the third host.
      expect(pingOk(thirdHost, 3)).toBe(true);
      // Cut the link on the router's side (the client sees its carrier go), then bring it back.
      inNs(ns.server, ["ip", "link", "set", "bkss", "down"]);
      await sleep(3000);
      expect(pingOk(serverTunnel)).toBe(false);
      inNs(ns.server, ["ip", "link", "set", "bkss", "up"]);
      const afterCutMs = await untilPings(serverTunnel, 20_000);
      // Restart the server: the client reconnects with the kill switch still on.
      expect(await stopBraid(server)).toBe(0);
      await sleep(2000);
      server = await startBraid(ns.server, ["server", "run", "--config", serverConfig]);
      const afterRestartMs = await untilPings(serverTunnel, 40_000);
      stopLeakAttempts(attempts);
      const tried = await attempts.generatorDone.catch(() => undefined);
      const sorted = sortPackets(await stopCapture(capture), clientMac, braidUdp);
      capture = undefined;
      console.log(
        `kill switch capture: ${JSON.stringify({ ...sorted, leaks: sorted.leaks.length })}; generator ${JSON.stringify(tried)}; back ${afterCutMs} ms after the link, ${afterRestartMs} ms after the server restart`,
      );
      console.log(
        (client?.stderr ?? "")
          .split("\n")
          .filter((line) => /uplink|kill switch/.test(line))
          .join("\n"),
      );
      expect(sorted.leaks).toEqual([]);
      expect(sorted.braidUdp).toBeGreaterThan(10);
      // The cut took the uplink away and brought it back: the kill switch followed without an error.
      expect(client?.stderr).not.toContain("kill switch not updated");
      expect(clientTables()).toContain(table);
    }, 120_000);

    it("lets nothing out while braid up --kill-switch restarts after kill -9 (the start table bridges the restore)", async () => {
      for (let round = 0; round < 3; round++) {
        expect(await stopBraid(client, "SIGKILL")).toBeNull();
        capture = await startCapture(
          ns.client,
          clientUplink.dev,
          path.join(scratch, `restart-${round}.pcap`),
        );
        attempts = startLeakAttempts(ns.client, scratch, clientUplink, [serverUnderlay, thirdHost], 3000);
        await sleep(300);
        client = await startBraid(ns.client, ["up", clientProfile, "--foreground", "--kill-switch"]);
        expect(client.stderr).toMatch(/restoring \d+ change/);
        await attempts.generatorDone;
        stopLeakAttempts(attempts);
        const sorted = sortPackets(await stopCapture(capture), clientMac, braidUdp);
        capture = undefined;
        console.log(
          `restart ${round} after kill -9: ${sorted.leaks.length} leaks, ${sorted.braidUdp} Braid UDP`,
        );
        expect(sorted.leaks).toEqual([]);
        expect(clientTables()).toContain(table);
        expect(clientTables()).not.toContain(`${table}_start`);
      }
    }, 60_000);

    it("keeps blocking after a crash (kill -9), until the next braid up on the interface restores", async () => {
      expect(await stopBraid(client, "SIGKILL")).toBeNull();
      expect(clientTables()).toContain(table);
      expect(pingOk(serverUnderlay)).toBe(false);
      client = await startBraid(ns.client, ["up", clientProfile, "--foreground"]);
      expect(client.stderr).toMatch(/restoring \d+ change/);
      expect(clientTables()).not.toContain(table);
      expect(pingOk(serverUnderlay)).toBe(true);
      expect(await stopBraid(client)).toBe(0);
    }, 30_000);

    it("is gone when braid up stops, and the same attempts then leave the uplink (the capture sees leaks)", async () => {
      client = await startBraid(ns.client, ["up", clientProfile, "--foreground", "--kill-switch"]);
      expect(clientTables()).toContain(table);
      expect(pingOk(serverUnderlay)).toBe(false);
      expect(await stopBraid(client)).toBe(0);
      expect(clientTables()).not.toContain(table);
      expect(pingOk(serverUnderlay, 2)).toBe(true);
      expect(pingOk(thirdHost, 2)).toBe(true);
      capture = await startCapture(ns.client, clientUplink.dev, path.join(scratch, "no-kill-switch.pcap"));
      attempts = startLeakAttempts(ns.client, scratch, clientUplink, [serverUnderlay, thirdHost], 1500);
      await attempts.generatorDone;
      await sleep(300);
      stopLeakAttempts(attempts);
      const sorted = sortPackets(await stopCapture(capture), clientMac, braidUdp);
      capture = undefined;
      console.log(`without the kill switch: ${sorted.leaks.length} packets would have been leaks`);
      expect(sorted.leaks.length).toBeGreaterThan(20);
    }, 30_000);

    it("refuses an interface name it cannot put into nft, leaving no table and no TUN", async () => {
      const bad = 'bks"x';
      const result = spawnSync(
        "ip",
        [
          "netns",
          "exec",
          ns.client,
          process.execPath,
          braidScript,
          "up",
          clientProfile,
          "--foreground",
          "--kill-switch",
          "--interface",
          bad,
        ],
        { encoding: "utf8", timeout: 20_000 },
      );
      expect(result.status).toBe(1);
      expect(result.stderr).toMatch(/cannot put into an nftables rule/);
      expect(clientTables()).not.toContain("braid_killswitch");
      expect(inNs(ns.client, ["ip", "-br", "link"])).not.toContain('bks"x');
      expect(pingOk(serverUnderlay)).toBe(true);
    }, 30_000);
  },
);
