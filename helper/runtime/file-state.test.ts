import { lstatSync, mkdtempSync, readFileSync, readlinkSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { mountPoints, readFileState, writeFileState } from "./file-state";

const scratch = mkdtempSync(path.join(tmpdir(), "braid-file-state-"));
const noMounts = new Set<string>();

describe("file state (scratch files; a bind mount is given as a mount point list)", () => {
  it("puts back a file's content and mode after it was rewritten", () => {
    const file = path.join(scratch, "plain.conf");
    writeFileSync(file, "nameserver 192.168.1.1\n", { mode: 0o640 });
    const before = readFileState(file, noMounts);
    writeFileState(file, { kind: "content", text: "nameserver 10.77.0.53\n", mode: 0o644 }, noMounts);
    expect(readFileSync(file, "utf8")).toBe("nameserver 10.77.0.53\n");
    writeFileState(file, before, noMounts);
    expect(readFileSync(file, "utf8")).toBe("nameserver 192.168.1.1\n");
    expect(lstatSync(file).mode & 0o777).toBe(0o640);
  });

  it("replaces a symlink by a file without writing through it, and puts the symlink back", () => {
    const target = path.join(scratch, "stub-resolv.conf");
    const link = path.join(scratch, "linked.conf");
    writeFileSync(target, "nameserver 127.0.0.53\n");
    symlinkSync("stub-resolv.conf", link);
    const before = readFileState(link, noMounts);
    expect(before).toEqual({ kind: "symlink", target: "stub-resolv.conf" });
    writeFileState(link, { kind: "content", text: "nameserver 10.77.0.53\n", mode: 0o644 }, noMounts);
    expect(lstatSync(link).isSymbolicLink()).toBe(false);
    expect(readFileSync(target, "utf8")).toBe("nameserver 127.0.0.53\n");
    writeFileState(link, before, noMounts);
    expect(readlinkSync(link)).toBe("stub-resolv.conf");
  });

  it("removes a file that was absent before", () => {
    const file = path.join(scratch, "absent.conf");
    const before = readFileState(file, noMounts);
    expect(before).toEqual({ kind: "absent" });
    writeFileState(file, { kind: "content", text: "x\n", mode: 0o644 }, noMounts);
    writeFileState(file, before, noMounts);
    expect(() => lstatSync(file)).toThrow(/ENOENT/);
  });

  it("rewrites a symlink whose target is mounted in place, never touching the link itself", () => {
    const target = path.join(scratch, "mounted-target.conf");
    const link = path.join(scratch, "mounted-link.conf");
    writeFileSync(target, "nameserver 192.168.1.1\n");
    symlinkSync(target, link);
    const mounted = new Set([target]);
    const before = readFileState(link, mounted);
    expect(before).toMatchObject({ kind: "content", text: "nameserver 192.168.1.1\n" });
    writeFileState(link, { kind: "content", text: "nameserver 10.77.0.53\n", mode: 0o644 }, mounted);
    expect(readlinkSync(link)).toBe(target);
    expect(readFileSync(target, "utf8")).toBe("nameserver 10.77.0.53\n");
    expect(() => writeFileState(link, { kind: "absent" }, mounted)).toThrow(/mount point/);
    writeFileState(link, before, mounted);
    expect(readFileSync(target, "utf8")).toBe("nameserver 192.168.1.1\n");
  });

  it("reads mount points with mountinfo's octal escapes undone", () => {
    const info =
      "36 35 98:0 /netns/x/resolv.conf /etc/resolv.conf rw - ext4 /dev/root rw\n37 35 0:1 / /mnt/a\\040b rw - tmpfs t rw\n";
    expect([...mountPoints(info)]).toEqual(["/etc/resolv.conf", "/mnt/a b"]);
  });

  it("refuses a relative path", () => {
    expect(() => readFileState("etc/resolv.conf", noMounts)).toThrow(/absolute/);
  });
});
