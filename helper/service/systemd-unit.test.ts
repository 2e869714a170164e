import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { buildHelperUnit, installerUidFromEnv, parseExecStart, quoteExecArg } from "./systemd-unit";

const spec = {
  nodePath: "/usr/bin/node",
  scriptPath: "/opt/braid/0.1.0/braid.js",
  version: "0.1.0",
  socketPath: "/run/braid/braid.sock",
  profilesDir: "/etc/braid/profiles",
};

const directive = (unit: string, key: string) =>
  unit
    .split("\n")
    .filter((l) => l.startsWith(`${key}=`))
    .map((l) => l.slice(key.length + 1));

describe("the braid-helper unit", () => {
  it("runs `braid helper` from absolute paths, restarts always after 1 s and keeps /run/braid across restarts", () => {
    const unit = buildHelperUnit(spec);
    expect(directive(unit, "ExecStart")).toEqual([
      '"/usr/bin/node" "/opt/braid/0.1.0/braid.js" "helper" "--socket" "/run/braid/braid.sock" "--profiles" "/etc/braid/profiles"',
    ]);
    expect(directive(unit, "Restart")).toEqual(["always"]);
    expect(directive(unit, "RestartSec")).toEqual(["1"]);
    expect(directive(unit, "RuntimeDirectory")).toEqual(["braid"]);
    expect(directive(unit, "RuntimeDirectoryPreserve")).toEqual(["restart"]);
    expect(directive(unit, "StateDirectory")).toEqual(["braid"]);
    expect(directive(unit, "StateDirectoryMode")).toEqual(["0700"]);
    expect(directive(unit, "StartLimitIntervalSec")).toEqual(["0"]);
    expect(directive(unit, "WantedBy")).toEqual(["multi-user.target"]);
  });

  it("is hardened but leaves the helper NET_ADMIN, NET_RAW, /dev/net/tun, /proc/sys and its writable files", () => {
    const unit = buildHelperUnit(spec);
    expect(directive(unit, "CapabilityBoundingSet")[0]?.split(" ")).toEqual(
      expect.arrayContaining(["CAP_NET_ADMIN", "CAP_NET_RAW"]),
    );
    expect(directive(unit, "DeviceAllow")).toEqual(["/dev/net/tun rw"]);
    expect(directive(unit, "ProtectSystem")).toEqual(["strict"]);
    expect(directive(unit, "ReadWritePaths")[0]?.split(" ")).toEqual(["/etc/braid", "-/etc/resolv.conf"]);
    expect(directive(unit, "NoNewPrivileges")).toEqual(["yes"]);
    expect(directive(unit, "ProtectHome")).toEqual(["yes"]);
    // sysctl writes (rp_filter, forwarding) go through /proc/sys: it must stay writable.
    expect(directive(unit, "ProtectKernelTunables")).toEqual([]);
    expect(directive(unit, "RestrictAddressFamilies")[0]).toContain("AF_NETLINK");
    // node's JIT writes executable memory.
    expect(directive(unit, "MemoryDenyWriteExecute")).toEqual([]);
  });

  it("lets the installer's uid on the socket, never root's (root is always allowed)", () => {
    expect(directive(buildHelperUnit({ ...spec, installerUid: 1000 }), "ExecStart")[0]).toMatch(
      /"--installer-uid" "1000"$/,
    );
    expect(directive(buildHelperUnit({ ...spec, installerUid: 0 }), "ExecStart")[0]).not.toContain(
      "installer",
    );
    expect(installerUidFromEnv({ SUDO_UID: "1000" })).toBe(1000);
    expect(installerUidFromEnv({ SUDO_UID: "0" })).toBeUndefined();
    expect(installerUidFromEnv({ SUDO_UID: "1000; rm -rf /" })).toBeUndefined();
    expect(installerUidFromEnv({ PKEXEC_UID: "1001" })).toBe(1001);
    expect(installerUidFromEnv({})).toBeUndefined();
  });

  it("quotes paths per systemd's rules: spaces, quotes, backslashes, % specifiers and $ variables survive", () => {
    expect(quoteExecArg("/home/Jo Doe/node")).toBe('"/home/Jo Doe/node"');
    expect(quoteExecArg('/a"b\\c')).toBe('"/a\\"b\\\\c"');
    expect(quoteExecArg("/x/100%/$HOME")).toBe('"/x/100%%/$$HOME"');
    expect(() => quoteExecArg("/a\nExecStartPre=/bin/sh")).toThrow(/newline/);
    const odd = { ...spec, nodePath: '/home/Jo "J" Doe/.nvm/v20 %i/$PATH\\bin/node' };
    const unit = buildHelperUnit(odd);
    expect(parseExecStart(unit)?.slice(0, 2)).toEqual([odd.nodePath, spec.scriptPath]);
    // a node under /home stays reachable: home read-only rather than hidden
    expect(directive(unit, "ProtectHome")).toEqual(["read-only"]);
  });

  it("refuses relative paths, dot segments and a bad version", () => {
    expect(() => buildHelperUnit({ ...spec, nodePath: "node" })).toThrow(
      /node binary must be an absolute path/,
    );
    expect(() => buildHelperUnit({ ...spec, scriptPath: "dist/helper/braid.js" })).toThrow(/braid script/);
    expect(() => buildHelperUnit({ ...spec, scriptPath: "/opt/braid/../tmp/braid.js" })).toThrow(/"\.\."/);
    expect(() => buildHelperUnit({ ...spec, profilesDir: "/etc/my profiles" })).toThrow(/cannot list/);
    expect(() => buildHelperUnit({ ...spec, version: "0.1/../x" })).toThrow(/not a version/);
  });

  const analyze = spawnSync("systemd-analyze", ["--version"]).status === 0;
  it.skipIf(!analyze)(
    "passes systemd-analyze verify (systemd's own parser, no running systemd needed)",
    () => {
      const dir = mkdtempSync(path.join(tmpdir(), "braid-unit-"));
      try {
        const unitFile = path.join(dir, "braid-helper.service");
        writeFileSync(unitFile, buildHelperUnit({ ...spec, nodePath: process.execPath, installerUid: 1000 }));
        const result = spawnSync("systemd-analyze", ["verify", "--man=no", unitFile], { encoding: "utf8" });
        // Only this unit's own complaints count (the host's other units may have theirs).
        const ours = `${result.stdout}${result.stderr}`
          .split("\n")
          .filter((l) => l.includes("braid-helper.service"));
        expect(ours).toEqual([]);
        expect(result.status).toBe(0);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  );
});
