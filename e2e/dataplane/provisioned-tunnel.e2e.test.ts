// Root only: a server set up with `braid server init` and two `add-client`s, run with `braid server run`; one client
// connects with `braid up` on the profile its braid:// link carries, the other with stock wireguard-go on the same
// kind of profile (wg-quick strip), and both ping the server through the tunnel and back.
import { type ChildProcess, execFileSync, spawn, spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { decodeBraidUri } from "../../helper/config/braid-uri";
import {
  braidScript,
  dataplaneSkipReason,
  inNs,
  type RunningBraid,
  run,
  startBraid,
  stopBraid,
} from "./netns-fixture";

const hasTools = ["wireguard-go", "wg", "wg-quick"].every((tool) => spawnSync("which", [tool]).status === 0);
const skipReason = dataplaneSkipReason() ?? (hasTools ? undefined : "needs wireguard-go and wireguard-tools");
const suffix = String(process.pid % 100000);
const serverNs = `bpv-s-${suffix}`;
const braidNs = `bpv-b-${suffix}`; // the client running braid up
const stockNs = `bpv-w-${suffix}`; // the client running wireguard-go
const wgDev = `bpv${suffix}`.slice(0, 15);
const serverUnderlay = "10.236.0.1";

let scratch = "";
const running: RunningBraid[] = [];
let wireguardGo: ChildProcess | undefined;

function braid(args: string[]): string {
  return execFileSync(process.execPath, [braidScript, ...args], { encoding: "utf8" });
}

/** The profile text inside the braid:// link that add-client printed. */
function profileFromOutput(out: string): string {
  const link = out.split("\n").find((line) => line.startsWith("braid://")) ?? "";
  const decoded = decodeBraidUri(link);
  if (!decoded.ok) throw new Error(decoded.error);
  return decoded.text;
}

function veth(
  a: { ns: string; dev: string; address: string },
  b: { ns: string; dev: string; address: string },
): void {
  run(["ip", "link", "add", a.dev, "netns", a.ns, "type", "veth", "peer", "name", b.dev, "netns", b.ns]);
  for (const end of [a, b]) {
    inNs(end.ns, ["ip", "link", "set", "lo", "up"]);
    inNs(end.ns, ["ip", "address", "add", `${end.address}/24`, "dev", end.dev]);
    inNs(end.ns, ["ip", "link", "set", end.dev, "up"]);
  }
}

function received(ns: string, to: string): number {
  spawnSync("ip", ["netns", "exec", ns, "ping", "-c", "1", "-W", "5", to]); // the first echo waits for the handshake
  const out = spawnSync("ip", ["netns", "exec", ns, "ping", "-c", "5", "-i", "0.2", "-W", "2", to], {
    encoding: "utf8",
  }).stdout;
  return Number(/(\d+) received/.exec(out)?.[1] ?? 0);
}

describe.skipIf(skipReason !== undefined)(`provisioned server and clients (${skipReason ?? "root"})`, () => {
  beforeAll(async () => {
    scratch = mkdtempSync(path.join(tmpdir(), "braid-provisioned-"));
    for (const ns of [serverNs, braidNs, stockNs]) run(["ip", "netns", "add", ns]);
    veth(
      { ns: serverNs, dev: "bpvs0", address: serverUnderlay },
      { ns: braidNs, dev: "bpvb0", address: "10.236.0.2" },
    );
    veth(
      { ns: serverNs, dev: "bpvs1", address: "10.237.0.1" },
      { ns: stockNs, dev: "bpvw0", address: "10.237.0.2" },
    );
    inNs(braidNs, ["ip", "route", "add", "default", "via", serverUnderlay]);
    inNs(stockNs, ["ip", "route", "add", "default", "via", "10.237.0.1"]);
    inNs(serverNs, ["sysctl", "-q", "-w", "net.ipv4.ip_forward=1"]);
  }, 30_000);

  afterAll(async () => {
    for (const braidProcess of running.splice(0)) await stopBraid(braidProcess);
    if (wireguardGo?.exitCode === null) wireguardGo.kill("SIGTERM");
    for (const ns of [serverNs, braidNs, stockNs]) spawnSync("ip", ["netns", "del", ns]);
    rmSync(scratch, { recursive: true, force: true });
  }, 30_000);

  it("init, add-client twice, server run: a braid up client and a wireguard-go client reach it", {
    timeout: 90_000,
  }, async () => {
    braid(["server", "init", "--dir", scratch, "--endpoint", serverUnderlay]);
    const config = path.join(scratch, "server.conf");
    const laptop = profileFromOutput(braid(["server", "add-client", "laptop", "--config", config]));
    const phone = profileFromOutput(braid(["server", "add-client", "phone", "--config", config]));
    expect(laptop).toContain("Address = 10.88.0.2/32");
    expect(phone).toContain("Address = 10.88.0.3/32");
    const laptopFile = path.join(scratch, "laptop.conf");
    const phoneFile = path.join(scratch, "phone.conf");
    writeFileSync(laptopFile, laptop, { mode: 0o600 });
    writeFileSync(phoneFile, phone, { mode: 0o600 });

    running.push(
      await startBraid(serverNs, [
        "server",
        "run",
        "--config",
        config,
        "--interface",
        `bpvt${suffix}`.slice(0, 15),
      ]),
    );
    running.push(
      await startBraid(braidNs, [
        "up",
        laptopFile,
        "--foreground",
        "--interface",
        `bpvc${suffix}`.slice(0, 15),
      ]),
    );
    expect(received(braidNs, "10.88.0.1"), "braid up client → server").toBeGreaterThanOrEqual(4);
    expect(received(serverNs, "10.88.0.2"), "server → braid up client").toBeGreaterThanOrEqual(4);

    // The same profile format, read by stock tools: wg-quick strip drops Address (and any Braid-only comment).
    wireguardGo = spawn("ip", ["netns", "exec", stockNs, "wireguard-go", "-f", wgDev], { stdio: "ignore" });
    const deadline = Date.now() + 5000;
    while (spawnSync("ip", ["netns", "exec", stockNs, "ip", "link", "show", wgDev]).status !== 0) {
      if (Date.now() > deadline) throw new Error("wireguard-go did not create its device within 5 s");
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    const stripped = path.join(scratch, "phone.stripped");
    writeFileSync(stripped, run(["wg-quick", "strip", phoneFile]), { mode: 0o600 });
    inNs(stockNs, ["wg", "setconf", wgDev, stripped]);
    inNs(stockNs, ["ip", "address", "add", "10.88.0.3/32", "dev", wgDev]);
    inNs(stockNs, ["ip", "link", "set", wgDev, "up"]);
    inNs(stockNs, ["ip", "route", "add", "10.88.0.0/24", "dev", wgDev]);
    expect(received(stockNs, "10.88.0.1"), "wireguard-go client → server").toBeGreaterThanOrEqual(4);
    expect(received(serverNs, "10.88.0.3"), "server → wireguard-go client").toBeGreaterThanOrEqual(4);
  });
});
