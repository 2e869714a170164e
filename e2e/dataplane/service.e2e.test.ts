// `braid service`: the installed copy of the helper runs on its own (always); and, where systemd runs and as root,
// the real install, the helper surviving kill -9 (restarted within 3 s, its profiles still there), and an
// uninstall that leaves no unit, no files and no socket.
import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { ControlClient } from "../../helper/control/control-client";
import { bundleFiles } from "../../helper/service/bundle-files";
import { defaultLayout, probeHelperVersion } from "../../helper/service/service-host";
import { copyVerified } from "../../helper/service/verified-copy";
import packageJson from "../../package.json";
import { braidScript } from "./netns-fixture";

const built = existsSync(braidScript);
const braid = (...args: string[]) =>
  spawnSync(process.execPath, [braidScript, ...args], { encoding: "utf8", timeout: 90_000 });

describe.skipIf(!built)(`the helper's installed files (${built ? "built" : "needs npm run build"})`, () => {
  it("run on their own: sodium-native and koffi load from the copy, braid keygen works", () => {
    const dir = mkdtempSync(path.join(tmpdir(), "braid-installed-"));
    try {
      copyVerified(bundleFiles(braidScript), dir, packageJson.version);
      const require = createRequire(path.join(dir, "braid.js"));
      for (const name of ["sodium-native", "koffi"]) expect(require.resolve(name).startsWith(dir)).toBe(true);
      const probe = `const r = require("node:module").createRequire(${JSON.stringify(path.join(dir, "braid.js"))}); r("sodium-native"); r("koffi");`;
      execFileSync(process.execPath, ["-e", probe], { cwd: dir });
      const key = execFileSync(process.execPath, [path.join(dir, "braid.js"), "keygen"], {
        cwd: dir,
        encoding: "utf8",
      });
      expect(key.trim()).toMatch(/^[A-Za-z0-9+/]{43}=$/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

function systemdSkipReason(): string | undefined {
  if (!existsSync("/run/systemd/system")) return "no systemd running here (no /run/systemd/system)";
  if (process.getuid?.() !== 0) return "needs root (it installs a system service)";
  if (!built) return "needs npm run build (dist/helper/braid.js)";
  if (existsSync(defaultLayout.unitPath))
    return `a braid-helper service is already installed here (${defaultLayout.unitPath}); this suite would replace it`;
  return undefined;
}

const skipReason = systemdSkipReason();
const systemctl = (...args: string[]) => spawnSync("systemctl", args, { encoding: "utf8" }).stdout.trim();
const mainPid = () => Number(systemctl("show", "-p", "MainPID", "--value", "braid-helper.service"));

describe.skipIf(skipReason !== undefined)(
  `braid service under systemd (${skipReason ?? "root, systemd"})`,
  () => {
    const profileName = `e2e-service-${process.pid}`;
    let installed = false;
    // Uninstall keeps the group and /etc/braid by design; the suite leaves the machine as it found it.
    const hadGroup = spawnSync("getent", ["group", "braid"]).status === 0;
    const hadEtc = existsSync(defaultLayout.etcDir);

    afterAll(() => {
      if (installed) braid("service", "uninstall");
      if (!hadGroup) spawnSync("groupdel", ["braid"]);
      if (!hadEtc) rmSync(defaultLayout.etcDir, { recursive: true, force: true });
    });

    it("installs: the unit is active and enabled, the socket answers with this version", async () => {
      const result = braid("service", "install");
      expect(result.status, result.stderr).toBe(0);
      installed = true;
      expect(result.stderr).toMatch(/copied and verified by SHA-256/);
      expect(systemctl("is-active", "braid-helper.service")).toBe("active");
      expect(systemctl("is-enabled", "braid-helper.service")).toBe("enabled");
      expect(await probeHelperVersion(defaultLayout.socketPath)).toBe(packageJson.version);
      expect(braid("service", "status").status).toBe(0);
    });

    it("survives kill -9: restarted within 3 s, answering, its profiles still there", async () => {
      const key = braid("keygen").stdout.trim();
      const client = await ControlClient.open(defaultLayout.socketPath);
      try {
        await client.call("importProfile", {
          name: profileName,
          text: `[Interface]\nPrivateKey = ${key}\nAddress = 10.99.0.2/32\n\n[Peer]\nPublicKey = ${key}\nEndpoint = 127.0.0.1:51820\nAllowedIPs = 10.99.0.0/24\n`,
        });
      } finally {
        client.close();
      }
      const killed = mainPid();
      expect(killed).toBeGreaterThan(0);
      const startedMs = Date.now();
      process.kill(killed, "SIGKILL");
      let answered: string | undefined;
      while (Date.now() - startedMs < 3000 && answered === undefined) {
        await new Promise((resolve) => setTimeout(resolve, 100));
        const pid = mainPid();
        if (pid === 0 || pid === killed) continue;
        answered = await probeHelperVersion(defaultLayout.socketPath).catch(() => undefined);
      }
      const restartMs = Date.now() - startedMs;
      expect(answered, `no helper answered within 3 s of kill -9 (${restartMs} ms)`).toBe(
        packageJson.version,
      );
      const again = await ControlClient.open(defaultLayout.socketPath);
      try {
        expect((await again.call("listProfiles")).map((p) => p.name)).toContain(profileName);
        await again.call("removeProfile", { name: profileName });
      } finally {
        again.close();
      }
    });

    it("uninstalls leaving no unit, no installed files and no socket", () => {
      const result = braid("service", "uninstall");
      expect(result.status, result.stderr).toBe(0);
      installed = false;
      expect(existsSync(defaultLayout.unitPath)).toBe(false);
      expect(systemctl("show", "-p", "LoadState", "--value", "braid-helper.service")).toBe("not-found");
      expect(existsSync(defaultLayout.installRoot)).toBe(false);
      expect(existsSync(defaultLayout.socketPath)).toBe(false);
      expect(result.stderr).toMatch(/kept .*profiles and the braid group/);
    });
  },
);
