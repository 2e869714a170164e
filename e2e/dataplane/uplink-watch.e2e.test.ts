// Root only: `braid up` follows its uplinks live. The client starts with one uplink; a second one appears, the
// first changes address, then goes away, while traffic keeps flowing; every rule and table Braid added goes with it.
//   client ─bupla/buplb─ router ─veth─ server
import { spawn, spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
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
const ns = { client: `bupl-c-${suffix}`, router: `bupl-r-${suffix}`, server: `bupl-s-${suffix}` };
const serverUnderlay = "10.241.9.2";
const serverTunnel = "10.68.0.1";
const clientTunnel = "10.68.0.2";
const tunName = "bupl0";
const uplinkA = { dev: "bupla", address: "10.241.1.2", gateway: "10.241.1.1" };
const uplinkB = { dev: "buplb", address: "10.241.2.2", gateway: "10.241.2.1" };
const movedAddressA = "10.241.1.5";

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Polls until check() holds; resolves with the ms it took from sinceMs, rejects naming what never happened. */
async function within(
  what: string,
  timeoutMs: number,
  sinceMs: number,
  check: () => boolean,
): Promise<number> {
  while (!check()) {
    if (performance.now() - sinceMs > timeoutMs) throw new Error(`${what}: not within ${timeoutMs} ms`);
    await sleep(5);
  }
  return Math.round(performance.now() - sinceMs);
}

/** The client's source rules: address → table. */
function uplinkRules(): Map<string, string> {
  const rules = new Map<string, string>();
  for (const line of inNs(ns.client, ["ip", "rule"]).split("\n")) {
    const match = /from (\S+) lookup (\d+)/.exec(line);
    if (match && match[1] !== "all") rules.set(match[1] as string, match[2] as string);
  }
  return rules;
}

const txPackets = (dev: string): number =>
  JSON.parse(inNs(ns.client, ["ip", "-s", "-j", "link", "show", dev]))[0].stats64.tx.packets;

function addUplink(uplink: typeof uplinkA, metric: number): void {
  vethBetween(
    { ns: ns.client, dev: uplink.dev, address: uplink.address },
    { ns: ns.router, dev: `r${uplink.dev}`, address: uplink.gateway },
  );
  inNs(ns.client, [
    "ip",
    "route",
    "add",
    "default",
    "via",
    uplink.gateway,
    "dev",
    uplink.dev,
    "metric",
    String(metric),
  ]);
}

/** Pings every intervalMs for durationMs while during() runs; the longest run of unanswered echoes, in ms. */
async function pingGapMs(
  intervalMs: number,
  durationMs: number,
  during: () => Promise<void>,
): Promise<{ sent: number; received: number; longestGapMs: number }> {
  const count = Math.round(durationMs / intervalMs);
  const ping = spawn(
    "ip",
    [
      "netns",
      "exec",
      ns.client,
      "ping",
      "-n",
      "-c",
      String(count),
      "-i",
      String(intervalMs / 1000),
      "-W",
      "1",
    ].concat([serverTunnel]),
    { stdio: ["ignore", "pipe", "ignore"] },
  );
  let out = "";
  ping.stdout.on("data", (chunk: Buffer) => {
    out += chunk.toString();
  });
  const exited = new Promise((resolve) => ping.on("exit", resolve));
  await sleep(500);
  await during();
  await exited;
  const answered = [...out.matchAll(/icmp_seq=(\d+)/g)].map((match) => Number(match[1]));
  let longest = 0;
  for (let i = 1; i < answered.length; i++)
    longest = Math.max(longest, (answered[i] as number) - (answered[i - 1] as number) - 1);
  // Echoes lost at the very end count too.
  longest = Math.max(longest, count - (answered.at(-1) ?? 0));
  return { sent: count, received: answered.length, longestGapMs: longest * intervalMs };
}

describe.skipIf(skipReason !== undefined)(`braid up follows uplinks live (${skipReason ?? "root"})`, () => {
  const scratch = mkdtempSync(path.join(tmpdir(), "braid-uplink-watch-"));
  let server: RunningBraid | undefined;
  let client: RunningBraid | undefined;
  let journalFile = "";
  const figures: Record<string, number> = {};

  beforeAll(async () => {
    const key = () => run([process.execPath, braidScript, "keygen"]);
    const pub = (privateKey: string) => run([process.execPath, braidScript, "pubkey"], privateKey);
    const serverKey = key();
    const clientKey = key();
    for (const name of Object.values(ns)) run(["ip", "netns", "add", name]);
    // No IPv6 chatter on the client's links: their packet counters then show Braid's datagrams (and ARP) alone.
    for (const key of ["all", "default"])
      inNs(ns.client, ["sysctl", "-q", "-w", `net.ipv6.conf.${key}.disable_ipv6=1`]);
    inNs(ns.router, ["sysctl", "-q", "-w", "net.ipv4.ip_forward=1"]);
    vethBetween(
      { ns: ns.router, dev: "buplrs", address: "10.241.9.1" },
      { ns: ns.server, dev: "buplsr", address: serverUnderlay },
    );
    inNs(ns.server, ["ip", "route", "add", "default", "via", "10.241.9.1"]);
    addUplink(uplinkA, 100);
    journalFile = `/run/braid/journal-${tunName}-net${/\[(\d+)\]/.exec(inNs(ns.client, ["readlink", "/proc/self/ns/net"]))?.[1]}.json`;
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
    server = await startBraid(ns.server, ["server", "run", "--config", serverConfig, "--no-nat"]);
    client = await startBraid(ns.client, ["up", clientProfile, "--foreground", "--interface", tunName]);
    // The first echo waits for the handshake.
    spawnSync("ip", ["netns", "exec", ns.client, "ping", "-c", "1", "-W", "5", serverTunnel]);
  }, 30_000);

  afterAll(async () => {
    await stopBraid(client);
    await stopBraid(server);
    for (const name of Object.values(ns)) spawnSync("ip", ["netns", "del", name]);
    rmSync(scratch, { recursive: true, force: true });
    console.log(`uplink-watch figures (ms): ${JSON.stringify(figures)}`);
  });

  it("starts on the one uplink, steered by its own rule", () => {
    expect(client?.stderr).toContain(`uplinks ${uplinkA.dev} (${uplinkA.address})`);
    expect([...uplinkRules().keys()]).toEqual([uplinkA.address]);
    const out = inNs(ns.client, ["ping", "-c", "5", "-i", "0.1", "-W", "2", serverTunnel]);
    expect(Number(/(\d+) received/.exec(out)?.[1] ?? 0)).toBeGreaterThanOrEqual(4);
  }, 15_000);

  it("takes a second uplink into use within a second of it appearing", async () => {
    const running = client as RunningBraid;
    // The first path's MTU search has settled (floor, then 1420) before the second path comes.
    await within("tunnel MTU settled", 5000, performance.now(), () =>
      running.stderr.includes(`${tunName} MTU 1420`),
    );
    const stderrBefore = running.stderr.length;
    addUplink(uplinkB, 200);
    const sinceMs = performance.now();
    const txBefore = txPackets(uplinkB.dev);
    figures.addedLineMs = await within("uplink added line", 2000, sinceMs, () =>
      running.stderr.includes(`braid: uplink added ${uplinkB.dev} ${uplinkB.address}`),
    );
    figures.firstDatagramMs = await within("a datagram out of the new uplink", 2000, sinceMs, () => {
      return txPackets(uplinkB.dev) > txBefore;
    });
    const pathUp = new RegExp(`"kind":"path-up".*"pathName":"${uplinkB.dev}"`);
    figures.clientPathUpMs = await within("path-up on the client", 3000, sinceMs, () =>
      pathUp.test(running.stderr),
    );
    // The server learns the path from the client's probes and says so.
    const serverPathUp = /"kind":"path-up","pathId":1\b/;
    figures.serverPathUpMs = await within("path-up on the server", 3000, sinceMs, () =>
      serverPathUp.test(server?.stderr ?? ""),
    );
    expect(figures.addedLineMs).toBeLessThan(1000);
    // The new path's MTU search does not pull the TUN's MTU down while it runs (1420 stays 1420).
    await sleep(500);
    expect(running.stderr.slice(stderrBefore)).not.toMatch(new RegExp(`${tunName} MTU`));
    const rules = uplinkRules();
    expect([...rules.keys()].sort()).toEqual([uplinkA.address, uplinkB.address]);
    const tableB = rules.get(uplinkB.address) as string;
    expect(tableB).not.toBe(rules.get(uplinkA.address));
    expect(inNs(ns.client, ["ip", "route", "show", "table", tableB])).toContain(
      `${serverUnderlay} via ${uplinkB.gateway} dev ${uplinkB.dev}`,
    );
    const out = inNs(ns.client, ["ping", "-c", "10", "-i", "0.1", "-W", "2", serverTunnel]);
    expect(Number(/(\d+) received/.exec(out)?.[1] ?? 0)).toBeGreaterThanOrEqual(9);
  }, 20_000);

  it("follows the first uplink to a new address: old rule gone, new one in place, traffic flowing", async () => {
    const running = client as RunningBraid;
    const oldTable = uplinkRules().get(uplinkA.address) as string;
    const serverPathUps = () => (server?.stderr ?? "").split('"kind":"path-up","pathId":0,').length - 1;
    const serverPathUpsBefore = serverPathUps();
    // One batch, as DHCP renumbering does it: the address moves and the default route comes back.
    run(
      ["ip", "-n", ns.client, "-batch", "-"],
      `addr flush dev ${uplinkA.dev}\naddr add ${movedAddressA}/24 dev ${uplinkA.dev}\n` +
        `route replace default via ${uplinkA.gateway} dev ${uplinkA.dev} metric 100\n`,
    );
    const sinceMs = performance.now();
    figures.changedLineMs = await within("uplink changed line", 2000, sinceMs, () =>
      running.stderr.includes(`braid: uplink changed ${uplinkA.dev} ${movedAddressA}`),
    );
    // The server drops the path the client withdrew and learns it anew from the new address, as a new path.
    figures.changedServerPathUpMs = await within(
      "path-up on the server for the new address",
      3000,
      sinceMs,
      () => serverPathUps() > serverPathUpsBefore,
    );
    const rules = uplinkRules();
    expect([...rules.keys()].sort()).toEqual([movedAddressA, uplinkB.address]);
    // The freed table is the lowest free one again: the same table, now for the new address.
    expect(rules.get(movedAddressA)).toBe(oldTable);
    const out = inNs(ns.client, ["ping", "-c", "10", "-i", "0.1", "-W", "2", serverTunnel]);
    expect(Number(/(\d+) received/.exec(out)?.[1] ?? 0)).toBeGreaterThanOrEqual(9);
  }, 20_000);

  it("keeps the tunnel up over the second uplink when the first goes away, and removes its rule and table", async () => {
    const running = client as RunningBraid;
    const tableA = uplinkRules().get(movedAddressA) as string;
    let removedAtMs = 0;
    const ping = await pingGapMs(10, 3000, async () => {
      removedAtMs = performance.now();
      run(["ip", "-n", ns.client, "link", "del", uplinkA.dev]);
      figures.removedLineMs = await within("uplink removed line", 2000, removedAtMs, () =>
        running.stderr.includes(`braid: uplink removed ${uplinkA.dev} ${movedAddressA}`),
      );
    });
    figures.removalPingGapMs = ping.longestGapMs;
    console.log(`ping every 10 ms across the removal: ${ping.received}/${ping.sent} answered`);
    expect(ping.received).toBeGreaterThan(ping.sent * 0.8);
    expect(ping.longestGapMs).toBeLessThan(1000);
    expect([...uplinkRules().keys()]).toEqual([uplinkB.address]);
    expect(inNs(ns.client, ["ip", "route", "show", "table", tableA])).toBe("");
    // Dropped from the journal too: a later restore does not undo it again.
    expect(readFileSync(journalFile, "utf8")).not.toContain(`${movedAddressA}/32`);
    expect(readFileSync(journalFile, "utf8")).toContain(`${uplinkB.address}/32`);
    const out = inNs(ns.client, ["ping", "-c", "10", "-i", "0.1", "-W", "2", serverTunnel]);
    expect(Number(/(\d+) received/.exec(out)?.[1] ?? 0)).toBeGreaterThanOrEqual(9);
  }, 20_000);

  it("waits out a time with no uplink at all and carries traffic again when one comes back", async () => {
    const running = client as RunningBraid;
    const count = (line: string) => running.stderr.split(line).length - 1;
    run(["ip", "-n", ns.client, "link", "del", uplinkB.dev]);
    const goneAtMs = performance.now();
    await within("last uplink removed", 2000, goneAtMs, () =>
      running.stderr.includes(`braid: uplink removed ${uplinkB.dev} ${uplinkB.address}`),
    );
    expect(uplinkRules().size).toBe(0);
    await sleep(1000);
    const addedBefore = count(`braid: uplink added ${uplinkB.dev} ${uplinkB.address}`);
    addUplink(uplinkB, 200);
    const backAtMs = performance.now();
    await within(
      "uplink added again",
      2000,
      backAtMs,
      () => count(`braid: uplink added ${uplinkB.dev}`) > addedBefore,
    );
    figures.backToPingMs = await within("an echo through the tunnel again", 5000, backAtMs, () => {
      const echo = spawnSync("ip", [
        "netns",
        "exec",
        ns.client,
        "ping",
        "-c",
        "1",
        "-W",
        "0.2",
        serverTunnel,
      ]);
      return echo.status === 0;
    });
    const out = inNs(ns.client, ["ping", "-c", "10", "-i", "0.1", "-W", "2", serverTunnel]);
    expect(Number(/(\d+) received/.exec(out)?.[1] ?? 0)).toBeGreaterThanOrEqual(9);
  }, 20_000);

  it("leaves no rule, table or journal of Braid's behind when stopped", async () => {
    expect(await stopBraid(client)).toBe(0);
    expect(uplinkRules().size).toBe(0);
    expect(inNs(ns.client, ["ip", "route", "show", "table", "all"])).not.toMatch(/table 519\d\d/);
    expect(inNs(ns.client, ["ip", "-br", "link"])).not.toContain(tunName);
    expect(existsSync(journalFile)).toBe(false);
  }, 15_000);
});
