import { existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { readFileState } from "./file-state";
import { type SystemAction, SystemJournal } from "./system-journal";

const scratch = mkdtempSync(path.join(tmpdir(), "braid-journal-"));
const marker = path.join(scratch, "marker");
// Real commands on a scratch file: each action leaves its label as the file's content.
const mark = (label: string): SystemAction => ({
  kind: "run",
  argv: [process.execPath, "-e", `require("fs").appendFileSync(${JSON.stringify(marker)}, "${label} ")`],
});

describe("SystemJournal", () => {
  it("undoes changes in reverse order and removes its file", async () => {
    writeFileSync(marker, "");
    const file = path.join(scratch, "order.json");
    const journal = await SystemJournal.open(file, () => undefined);
    await journal.change("a", mark("do-a"), mark("undo-a"));
    await journal.change("b", mark("do-b"), mark("undo-b"));
    expect(JSON.parse(readFileSync(file, "utf8")).entries).toHaveLength(2);
    await journal.undoAll();
    expect(readFileSync(marker, "utf8")).toBe("do-a do-b undo-b undo-a ");
    expect(existsSync(file)).toBe(false);
  });

  it("reverts one change now, leaving the others for undoAll", async () => {
    writeFileSync(marker, "");
    const file = path.join(scratch, "revert.json");
    const journal = await SystemJournal.open(file, () => undefined);
    await journal.change("a", mark("do-a"), mark("undo-a"));
    await journal.change("b", mark("do-b"), mark("undo-b"));
    await journal.change("c", mark("do-c"), mark("undo-c"));
    await journal.revert("b");
    expect(journal.pending).toEqual(["a", "c"]);
    expect(JSON.parse(readFileSync(file, "utf8")).entries).toHaveLength(2);
    await journal.revert("not-there");
    await journal.undoAll();
    expect(readFileSync(marker, "utf8")).toBe("do-a do-b do-c undo-b undo-c undo-a ");
  });

  it("forgets a reverted change whose undo failed, and says why", async () => {
    const file = path.join(scratch, "revert-failed.json");
    const journal = await SystemJournal.open(file, () => undefined);
    const failing: SystemAction = { kind: "run", argv: [process.execPath, "-e", "process.exit(4)"] };
    await journal.change("gone", mark("do-gone"), failing);
    await expect(journal.revert("gone")).rejects.toThrow(/failed/);
    expect(journal.pending).toEqual([]);
    expect(existsSync(file)).toBe(false);
  });

  it("forgets a change that failed, so its undo never runs", async () => {
    writeFileSync(marker, "");
    const file = path.join(scratch, "failed.json");
    const journal = await SystemJournal.open(file, () => undefined);
    const failing: SystemAction = { kind: "run", argv: [process.execPath, "-e", "process.exit(3)"] };
    await expect(journal.change("bad", failing, mark("undo-bad"))).rejects.toThrow(/failed/);
    expect(journal.pending).toEqual([]);
    expect(existsSync(file)).toBe(false);
  });

  it("replays a journal left by a dead process on the next open, saying so", async () => {
    writeFileSync(marker, "");
    const file = path.join(scratch, "crash.json");
    const entries = [
      { what: "route", undo: mark("undo-route") },
      { what: "rule", undo: mark("undo-rule") },
    ];
    // pid 2^22+1 is above Linux's pid_max, so no process holds it: a crashed run.
    writeFileSync(file, JSON.stringify({ version: 1, pid: 4194305, entries }));
    const lines: string[] = [];
    await SystemJournal.open(file, (line) => lines.push(line));
    expect(readFileSync(marker, "utf8")).toBe("undo-rule undo-route ");
    expect(lines.join("\n")).toMatch(/restoring 2 change/);
    expect(existsSync(file)).toBe(false);
  });

  it("puts a file back as it was, on undo and from a dead process's journal", async () => {
    const conf = path.join(scratch, "resolv.conf");
    writeFileSync(conf, "nameserver 192.168.1.1\n");
    const before = readFileState(conf);
    const file = path.join(scratch, "file.json");
    const journal = await SystemJournal.open(file, () => undefined);
    const ours: SystemAction = {
      kind: "file",
      path: conf,
      state: { kind: "content", text: "nameserver 10.77.0.53\n", mode: 0o644 },
    };
    await journal.change("resolv.conf", ours, { kind: "file", path: conf, state: before });
    expect(readFileSync(conf, "utf8")).toBe("nameserver 10.77.0.53\n");
    // What a kill -9 leaves: the journal with this entry, written before the change.
    const left = JSON.parse(readFileSync(file, "utf8"));
    writeFileSync(file, JSON.stringify({ ...left, pid: 4194305 }));
    await SystemJournal.open(file, () => undefined);
    expect(readFileSync(conf, "utf8")).toBe("nameserver 192.168.1.1\n");
    expect(existsSync(file)).toBe(false);
  });

  it("refuses a journal held by a live process", async () => {
    const file = path.join(scratch, "live.json");
    writeFileSync(file, JSON.stringify({ version: 1, pid: process.ppid, entries: [] }));
    await expect(SystemJournal.open(file, () => undefined)).rejects.toThrow(/running process/);
  });
});
