// install, uninstall and status against real files in a scratch folder, with systemd, getent/groupadd and the
// helper's socket faked (this machine runs no systemd): which commands run, in what order, what is left behind.
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import type { BundleFile } from "./bundle-files";
import type { CommandResult, ServiceDeps, ServiceLayout } from "./service-host";
import { installService } from "./service-install";
import { formatStatus, serviceStatus } from "./service-status";
import { uninstallService } from "./service-uninstall";

const scratch: string[] = [];
afterEach(() => {
  for (const dir of scratch.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** A stand-in for systemd and the group database: enough state to answer what the plans ask. */
class FakeHost {
  readonly commands: string[] = [];
  readonly log: string[] = [];
  active = false;
  enabled = false;
  group = false;
  /** The version the helper started by `enable --now` answers with (undefined: it never answers). */
  startsAs: string | undefined;
  answering: string | undefined;
  clockMs = 0;

  constructor(readonly layout: ServiceLayout) {}

  deps(): ServiceDeps {
    return {
      layout: this.layout,
      run: async (argv) => this.run(argv),
      probeVersion: async () => {
        if (this.answering === undefined) throw new Error("cannot reach the helper: not running");
        return this.answering;
      },
      log: (line) => this.log.push(line),
      sleep: async (ms) => {
        this.clockMs += ms;
      },
      nowMs: () => this.clockMs,
    };
  }

  private run(argv: readonly string[]): CommandResult {
    const line = argv.join(" ");
    this.commands.push(line);
    const ok = (stdout = ""): CommandResult => ({ code: 0, stdout, stderr: "" });
    switch (line) {
      case "getent group braid":
        return this.group ? ok("braid:x:999:\n") : { code: 2, stdout: "", stderr: "" };
      case "groupadd --system braid":
        this.group = true;
        return ok();
      case "groupdel braid":
        this.group = false;
        return ok();
      case "systemctl is-active braid-helper.service":
        return { code: this.active ? 0 : 3, stdout: this.active ? "active\n" : "inactive\n", stderr: "" };
      case "systemctl is-enabled braid-helper.service":
        return { code: this.enabled ? 0 : 1, stdout: this.enabled ? "enabled\n" : "disabled\n", stderr: "" };
      case "systemctl stop braid-helper.service":
        this.active = false;
        this.answering = undefined;
        return ok();
      case "systemctl enable --now braid-helper.service":
        this.active = this.enabled = true;
        this.answering = this.startsAs;
        return ok();
      case "systemctl disable --now braid-helper.service":
        this.active = this.enabled = false;
        this.answering = undefined;
        rmSync(path.dirname(this.layout.socketPath), { recursive: true, force: true }); // RuntimeDirectory
        return ok();
      case "systemctl daemon-reload":
      case "systemctl reset-failed braid-helper.service":
        return ok();
      default:
        return { code: 1, stdout: "", stderr: `unexpected command ${line}` };
    }
  }
}

function setup(systemd = true): { host: FakeHost; files: BundleFile[]; root: string } {
  const root = mkdtempSync(path.join(tmpdir(), "braid-service-"));
  scratch.push(root);
  const layout: ServiceLayout = {
    installRoot: path.join(root, "opt/braid"),
    unitPath: path.join(root, "etc/systemd/system/braid-helper.service"),
    systemdRunDir: path.join(root, "run/systemd/system"),
    socketPath: path.join(root, "run/braid/braid.sock"),
    etcDir: path.join(root, "etc/braid"),
    profilesDir: path.join(root, "etc/braid/profiles"),
    stateDir: path.join(root, "var/lib/braid"),
  };
  mkdirSync(path.dirname(layout.unitPath), { recursive: true });
  if (systemd) mkdirSync(layout.systemdRunDir, { recursive: true });
  const source = path.join(root, "build");
  mkdirSync(path.join(source, "node_modules/koffi"), { recursive: true });
  writeFileSync(path.join(source, "braid.js"), "console.log('braid')");
  writeFileSync(path.join(source, "node_modules/koffi/index.js"), "module.exports = {}");
  const files: BundleFile[] = [
    { source: path.join(source, "braid.js"), relative: "braid.js", mode: 0o755 },
    {
      source: path.join(source, "node_modules/koffi/index.js"),
      relative: "node_modules/koffi/index.js",
      mode: 0o644,
    },
  ];
  return { host: new FakeHost(layout), files, root };
}

const request = (files: BundleFile[], version = "0.1.0") => ({
  version,
  nodePath: "/usr/bin/node",
  files,
  installerUid: 1000,
  waitTimeoutMs: 5000,
});

function everyPath(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { recursive: true, encoding: "utf8" }).sort();
}

describe("braid service plans (systemd, groupadd and the socket faked: no systemd on this machine)", () => {
  it("without systemd, install and uninstall say so and change nothing", async () => {
    const { host, files, root } = setup(false);
    const before = everyPath(root);
    const installed = await installService(host.deps(), request(files));
    expect(installed).toEqual({
      ok: false,
      error: expect.stringMatching(
        /^no systemd running here \(no .*run\/systemd\/system\); nothing was changed/,
      ),
    });
    const removed = await uninstallService(host.deps(), { purge: true });
    expect(removed.ok).toBe(false);
    expect(host.commands).toEqual([]);
    expect(everyPath(root)).toEqual(before);
  });

  it("install: group, files verified, unit, daemon-reload, enable --now, then waits for the same version", async () => {
    const { host, files } = setup();
    host.startsAs = "0.1.0";
    expect(await installService(host.deps(), request(files))).toEqual({ ok: true });
    expect(host.commands).toEqual([
      "getent group braid",
      "groupadd --system braid",
      "systemctl is-active braid-helper.service",
      "systemctl daemon-reload",
      "systemctl enable --now braid-helper.service",
    ]);
    const { layout } = host;
    expect(readdirSync(layout.installRoot)).toEqual(["0.1.0"]);
    expect(readFileSync(path.join(layout.installRoot, "0.1.0/node_modules/koffi/index.js"), "utf8")).toBe(
      "module.exports = {}",
    );
    const unit = readFileSync(layout.unitPath, "utf8");
    expect(unit).toContain(`"${path.join(layout.installRoot, "0.1.0/braid.js")}" "helper"`);
    expect(unit).toContain('"--installer-uid" "1000"');
    expect(existsSync(layout.profilesDir)).toBe(true);
    expect(host.log.join("\n")).toMatch(/2 copied and verified by SHA-256[\s\S]*helper 0.1.0 answers/);
  });

  it("re-install of the running version stops it before swapping files; a new version replaces the old folder", async () => {
    const { host, files } = setup();
    host.startsAs = "0.1.0";
    await installService(host.deps(), request(files));
    host.commands.length = 0;
    expect(await installService(host.deps(), request(files))).toEqual({ ok: true });
    expect(host.commands).toEqual([
      "getent group braid",
      "systemctl is-active braid-helper.service",
      "systemctl stop braid-helper.service",
      "systemctl daemon-reload",
      "systemctl enable --now braid-helper.service",
    ]);
    host.startsAs = "0.2.0";
    expect(await installService(host.deps(), request(files, "0.2.0"))).toEqual({ ok: true });
    expect(readdirSync(host.layout.installRoot)).toEqual(["0.2.0"]);
    expect(readFileSync(host.layout.unitPath, "utf8")).toContain("/0.2.0/braid.js");
  });

  it("install fails, with where to look, when the helper never answers with its version", async () => {
    const { host, files } = setup();
    host.startsAs = "0.0.9"; // an old helper still holds the socket
    const outcome = await installService(host.deps(), request(files));
    expect(outcome).toEqual({
      ok: false,
      error: expect.stringMatching(
        /did not answer with version 0.1.0 .* within 5 s \(a helper 0.0.9 answers, not 0.1.0\); see systemctl status braid-helper and journalctl/,
      ),
    });
    // progress lines while waiting, about one a second
    expect(host.log.filter((l) => l.startsWith("waiting for the helper")).length).toBeGreaterThanOrEqual(4);
  });

  it("uninstall: disable --now, unit removed, daemon-reload; files and socket gone; profiles and group kept", async () => {
    const { host, files } = setup();
    host.startsAs = "0.1.0";
    await installService(host.deps(), request(files));
    const { layout } = host;
    mkdirSync(path.dirname(layout.socketPath), { recursive: true });
    writeFileSync(layout.socketPath, "");
    writeFileSync(path.join(layout.profilesDir, "home.conf"), "[Interface]\n");
    host.commands.length = 0;
    expect(await uninstallService(host.deps(), { purge: false })).toEqual({ ok: true });
    expect(host.commands).toEqual([
      "systemctl disable --now braid-helper.service",
      "systemctl daemon-reload",
      "systemctl reset-failed braid-helper.service",
    ]);
    expect(existsSync(layout.unitPath)).toBe(false);
    expect(existsSync(layout.installRoot)).toBe(false);
    expect(existsSync(layout.socketPath)).toBe(false);
    expect(readdirSync(layout.profilesDir)).toEqual(["home.conf"]);
    expect(host.group).toBe(true);
    expect(host.log.at(-1)).toMatch(
      /kept .*profiles, .*var\/lib\/braid and the braid group; .*--purge removes them/,
    );
  });

  it("uninstall --purge also removes the profiles, /etc/braid when empty, and the group", async () => {
    const { host, files } = setup();
    host.startsAs = "0.1.0";
    await installService(host.deps(), request(files));
    writeFileSync(path.join(host.layout.profilesDir, "home.conf"), "[Interface]\n");
    mkdirSync(host.layout.stateDir, { recursive: true });
    writeFileSync(path.join(host.layout.stateDir, "wanted-state.json"), "{}\n");
    expect(await uninstallService(host.deps(), { purge: true })).toEqual({ ok: true });
    expect(existsSync(host.layout.stateDir)).toBe(false);
    expect(existsSync(host.layout.etcDir)).toBe(false);
    expect(host.commands.slice(-2)).toEqual(["getent group braid", "groupdel braid"]);
    expect(host.group).toBe(false);
  });

  it("status: each problem with its next step, and nothing to do once installed and answering", async () => {
    const { host, files, root } = setup();
    const fresh = formatStatus(await serviceStatus(host.deps(), "0.1.0"));
    expect(fresh).toMatch(/installed: +no .*\n +next: sudo braid service install/);
    expect(fresh).toMatch(/unit: +inactive, disabled/);
    expect(fresh).toMatch(/socket: +cannot reach the helper/);
    host.startsAs = "0.1.0";
    await installService(host.deps(), request(files));
    const good = await serviceStatus(host.deps(), "0.1.0");
    expect(good.filter((l) => l.next !== undefined)).toEqual([]);
    expect(formatStatus(good)).toMatch(
      /installed: +0.1.0 in .*\(files match their SHA-256\)\nunit: +active, enabled\nsocket: +.* answers: helper 0.1.0/,
    );
    const newer = formatStatus(await serviceStatus(host.deps(), "0.2.0"));
    expect(newer).toMatch(
      /version: +installed 0.1.0, this braid is 0.2.0\n +next: sudo braid service install/,
    );
    writeFileSync(path.join(host.layout.installRoot, "0.1.0/braid.js"), "changed");
    expect(formatStatus(await serviceStatus(host.deps(), "0.1.0"))).toMatch(/braid.js differs/);
    rmSync(path.join(root, "run/systemd"), { recursive: true });
    expect(formatStatus(await serviceStatus(host.deps(), "0.1.0"))).toMatch(/unit: +no systemd running here/);
  });
});
