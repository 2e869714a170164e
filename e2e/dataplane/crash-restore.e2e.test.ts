// Root only: a `braid up` killed with SIGKILL leaves its journal; the next start restores the journaled changes.
import { spawnSync } from "node:child_process";
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
const suffix = Math.random().toString(36).slice(2, 8);
const serverNs = `braidnat-s-${suffix}`;
const clientNs = `braidnat-c-${suffix}`;

describe.skipIf(skipReason !== undefined)(`braid up restores after kill -9 (${skipReason ?? "root"})`, () => {
  const scratch = mkdtempSync(path.join(tmpdir(), "braid-crash-"));
  const clientProfile = path.join(scratch, "client.conf");
  let server: RunningBraid | undefined;
  let client: RunningBraid | undefined;

  beforeAll(async () => {
    const key = () => run([process.execPath, braidScript, "keygen"]);
    const pub = (privateKey: string) => run([process.execPath, braidScript, "pubkey"], privateKey);
    const serverKey = key();
    const clientKey = key();
    run(["ip", "netns", "add", serverNs]);
    run(["ip", "netns", "add", clientNs]);
    vethBetween(
      { ns: serverNs, dev: "bnats", address: "10.234.0.1" },
      { ns: clientNs, dev: "bnatc", address: "10.234.0.2" },
    );
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
    await stopBraid(client);
    await stopBraid(server);
    spawnSync("ip", ["netns", "del", clientNs]);
    spawnSync("ip", ["netns", "del", serverNs]);
    rmSync(scratch, { recursive: true, force: true });
  });

  it("leaves its journaled rules after SIGKILL and restores them on the next start", async () => {
    client = await startBraid(clientNs, ["up", clientProfile, "--foreground"]);
    const rulesUp = inNs(clientNs, ["ip", "rule"]);
    expect(rulesUp).toContain("10.234.0.2");
    await stopBraid(client, "SIGKILL");
    // The kernel removed the TUN with the process; the source rule outside it is still there.
    expect(inNs(clientNs, ["ip", "rule"])).toContain("10.234.0.2");
    client = await startBraid(clientNs, ["up", clientProfile, "--foreground"]);
    expect(client.stderr).toMatch(/restoring \d+ change/);
    // One rule (the new run's), not two.
    expect(inNs(clientNs, ["ip", "rule"]).split("10.234.0.2").length - 1).toBe(1);
    expect(await stopBraid(client)).toBe(0);
    expect(inNs(clientNs, ["ip", "rule"])).not.toContain("10.234.0.2");
    expect(inNs(clientNs, ["ip", "route", "show", "table", "all"])).not.toContain("table 519");
  }, 30_000);
});
