import { describe, expect, it } from "vitest";
import { parseDnsEntries } from "../config/dns-settings";
import type { FileState } from "../runtime/file-state";
import type { SystemAction, SystemChanges } from "../runtime/system-journal";
import { applyDns, type CommandRunner, chooseDnsMechanism } from "./dns-linux";

// systemd-resolved is not installed here: resolvectl is a scripted runner in these tests.
const resolvectl =
  (statusOk: boolean, calls: string[][] = []): CommandRunner =>
  async (argv) => {
    calls.push([...argv]);
    return { ok: argv[0] === "resolvectl" && statusOk, stdout: "" };
  };

const stubLink: FileState = { kind: "symlink", target: "../run/systemd/resolve/stub-resolv.conf" };
const stubFile: FileState = {
  kind: "content",
  text: "# resolved\nnameserver 127.0.0.53\noptions edns0\n",
  mode: 0o644,
};
const plainFile: FileState = { kind: "content", text: "nameserver 192.168.1.1\n", mode: 0o644 };

/** Records changes instead of making them (what the journal would be asked to do). */
function recordingChanges(): SystemChanges & {
  readonly made: { what: string; action: SystemAction; undo: SystemAction }[];
} {
  const made: { what: string; action: SystemAction; undo: SystemAction }[] = [];
  return {
    made,
    change: async (what, action, undo) => {
      made.push({ what, action, undo });
    },
  };
}

describe("chooseDnsMechanism (resolvectl scripted: systemd-resolved is not on this machine)", () => {
  it("uses systemd-resolved when it answers and resolv.conf points at it", async () => {
    const calls: string[][] = [];
    expect(await chooseDnsMechanism(resolvectl(true, calls), stubLink)).toBe("systemd-resolved");
    expect(await chooseDnsMechanism(resolvectl(true), stubFile)).toBe("systemd-resolved");
    expect(calls).toEqual([["resolvectl", "status"]]);
  });

  it("rewrites resolv.conf when resolvectl is missing or resolved is not running", async () => {
    expect(await chooseDnsMechanism(resolvectl(false), stubLink)).toBe("resolv.conf");
  });

  it("rewrites resolv.conf when resolved runs but resolv.conf is someone else's", async () => {
    expect(await chooseDnsMechanism(resolvectl(true), plainFile)).toBe("resolv.conf");
    expect(await chooseDnsMechanism(resolvectl(true), { kind: "absent" })).toBe("resolv.conf");
  });
});

describe("applyDns (resolvectl scripted: systemd-resolved is not on this machine)", () => {
  const settings = parseDnsEntries(["10.77.0.53", "lab.example"]);

  it("sends every query into the tunnel with ~. when AllowedIPs is a default route; reverts the link on undo", async () => {
    const changes = recordingChanges();
    const deps = { run: resolvectl(true), readResolvConf: () => stubLink };
    const mechanism = await applyDns(changes, { tunName: "braid0", settings, routesAll: true }, deps);
    expect(mechanism).toBe("systemd-resolved");
    expect(changes.made.map((made) => made.action)).toEqual([
      { kind: "run", argv: ["resolvectl", "dns", "braid0", "10.77.0.53"] },
      { kind: "run", argv: ["resolvectl", "domain", "braid0", "~.", "lab.example"] },
    ]);
    for (const made of changes.made)
      expect(made.undo).toEqual({ kind: "run", argv: ["resolvectl", "revert", "braid0"] });
  });

  it("routes only the search domains when the tunnel carries only some prefixes", async () => {
    const changes = recordingChanges();
    const deps = { run: resolvectl(true), readResolvConf: () => stubLink };
    await applyDns(changes, { tunName: "braid0", settings, routesAll: false }, deps);
    expect(changes.made[1]?.action).toEqual({
      kind: "run",
      argv: ["resolvectl", "domain", "braid0", "lab.example"],
    });
    const noDomains = recordingChanges();
    const serversOnly = parseDnsEntries(["10.77.0.53"]);
    await applyDns(noDomains, { tunName: "braid0", settings: serversOnly, routesAll: false }, deps);
    expect(noDomains.made).toHaveLength(1);
  });

  it("writes Braid's resolv.conf and journals exactly what was there (a symlink stays a symlink)", async () => {
    for (const before of [plainFile, { ...stubLink, target: "/elsewhere/resolv.conf" }] as const) {
      const changes = recordingChanges();
      const deps = { run: resolvectl(false), readResolvConf: () => before };
      expect(await applyDns(changes, { tunName: "braid0", settings, routesAll: true }, deps)).toBe(
        "resolv.conf",
      );
      expect(changes.made).toHaveLength(1);
      expect(changes.made[0]?.action).toEqual({
        kind: "file",
        path: "/etc/resolv.conf",
        state: {
          kind: "content",
          text: "# written by braid up for braid0; restored when it stops\nnameserver 10.77.0.53\nsearch lab.example\n",
          mode: 0o644,
        },
      });
      expect(changes.made[0]?.undo).toEqual({ kind: "file", path: "/etc/resolv.conf", state: before });
    }
  });
});
