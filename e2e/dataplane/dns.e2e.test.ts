// Root only: `braid up` with a profile's DNS rewrites the client's resolv.conf and puts it back on stop and, after
// kill -9, on the next start. Everything happens in the client namespace's own resolv.conf: `ip netns exec NS`
// bind-mounts /etc/netns/NS/resolv.conf over /etc/resolv.conf, so this machine's own file is never written.
import { spawnSync } from "node:child_process";
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmdirSync,
  rmSync,
  statSync,
  writeFileSync,
} from "node:fs";
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
const serverNs = `bdns-s-${suffix}`;
const clientNs = `bdns-c-${suffix}`;
const netnsEtc = path.join("/etc/netns", clientNs);
const netnsEtcExisted = existsSync("/etc/netns");
const original = "# the client's own resolver (dns.e2e)\nnameserver 10.235.0.99\nsearch home.example\n";

function rmdirSafely(dir: string): void {
  try {
    rmdirSync(dir);
  } catch {
    // not empty (someone else's namespace files) or already gone: leave it
  }
}

/** The host's resolv.conf as it is now: content, inode and change time, so any write to it shows. */
function hostResolvConf(): string {
  const stat = statSync("/etc/resolv.conf");
  return JSON.stringify({
    text: readFileSync("/etc/resolv.conf", "utf8"),
    ino: stat.ino,
    ctimeMs: stat.ctimeMs,
  });
}

describe.skipIf(skipReason !== undefined)(
  `braid up applies and restores DNS (${skipReason ?? "root"})`,
  () => {
    const scratch = mkdtempSync(path.join(tmpdir(), "braid-dns-"));
    const clientProfile = path.join(scratch, "client.conf");
    const hostBefore = hostResolvConf();
    let server: RunningBraid | undefined;
    let client: RunningBraid | undefined;
    const clientResolvConf = () => inNs(clientNs, ["cat", "/etc/resolv.conf"]);

    beforeAll(async () => {
      const key = () => run([process.execPath, braidScript, "keygen"]);
      const pub = (privateKey: string) => run([process.execPath, braidScript, "pubkey"], privateKey);
      const serverKey = key();
      const clientKey = key();
      run(["ip", "netns", "add", serverNs]);
      run(["ip", "netns", "add", clientNs]);
      mkdirSync(netnsEtc, { recursive: true });
      writeFileSync(path.join(netnsEtc, "resolv.conf"), original);
      // Were the bind mount not in effect, braid would write this machine's file: refuse to go on.
      if (clientResolvConf() !== original.trim())
        throw new Error(`ip netns exec ${clientNs} does not see ${netnsEtc}/resolv.conf; not starting braid`);
      vethBetween(
        { ns: serverNs, dev: "bdnss", address: "10.235.0.1" },
        { ns: clientNs, dev: "bdnsc", address: "10.235.0.2" },
      );
      const serverConfig = path.join(scratch, "server.conf");
      writeFileSync(
        serverConfig,
        `[Interface]\nPrivateKey = ${serverKey}\nAddress = 10.77.0.1/24\nListenPort = 51820\n\n[Peer]\nPublicKey = ${pub(clientKey)}\nAllowedIPs = 10.77.0.2/32\n`,
      );
      writeFileSync(
        clientProfile,
        `[Interface]\nPrivateKey = ${clientKey}\nAddress = 10.77.0.2/32\nDNS = 10.77.0.53, lab.example\n\n[Peer]\nPublicKey = ${pub(serverKey)}\nEndpoint = 10.235.0.1:51820\nAllowedIPs = 0.0.0.0/0\n`,
      );
      server = await startBraid(serverNs, ["server", "run", "--config", serverConfig]);
    }, 30_000);

    afterAll(async () => {
      await stopBraid(client);
      await stopBraid(server);
      spawnSync("ip", ["netns", "del", clientNs]);
      spawnSync("ip", ["netns", "del", serverNs]);
      rmSync(netnsEtc, { recursive: true, force: true });
      // /etc/netns itself only if no one else (another suite, `ip netns` users) has a namespace file there.
      if (!netnsEtcExisted) rmdirSafely("/etc/netns");
      rmSync(scratch, { recursive: true, force: true });
    });

    it("writes Braid's resolv.conf once the tunnel is up and puts the original back on stop", async () => {
      client = await startBraid(clientNs, ["up", clientProfile, "--foreground"]);
      expect(client.stderr).toContain("braid: DNS 10.77.0.53, search lab.example (resolv.conf)");
      const tunName = /running on (\S+);/.exec(client.stderr)?.[1] ?? "";
      expect(clientResolvConf()).toBe(
        `# written by braid up for ${tunName}; restored when it stops\nnameserver 10.77.0.53\nsearch lab.example`,
      );
      // The server it names is reached through the tunnel.
      expect(inNs(clientNs, ["ip", "route", "get", "10.77.0.53"])).toContain(`dev ${tunName}`);
      expect(await stopBraid(client)).toBe(0);
      expect(clientResolvConf()).toBe(original.trim());
      expect(readFileSync(path.join(netnsEtc, "resolv.conf"), "utf8")).toBe(original);
      expect(hostResolvConf()).toBe(hostBefore);
    }, 30_000);

    it("after kill -9 leaves Braid's resolv.conf, the next start restores the original first", async () => {
      client = await startBraid(clientNs, ["up", clientProfile, "--foreground"]);
      await stopBraid(client, "SIGKILL");
      expect(clientResolvConf()).toMatch(/^# written by braid up for .*\nnameserver 10.77.0.53\n/);
      client = await startBraid(clientNs, ["up", clientProfile, "--foreground"]);
      expect(client.stderr).toMatch(/restoring \d+ change/);
      // Restored before this run wrote its own: stopping now gives back the client's file, not the crashed run's.
      expect(clientResolvConf()).toContain("nameserver 10.77.0.53");
      expect(await stopBraid(client)).toBe(0);
      expect(readFileSync(path.join(netnsEtc, "resolv.conf"), "utf8")).toBe(original);
      expect(hostResolvConf()).toBe(hostBefore);
    }, 30_000);
  },
);
