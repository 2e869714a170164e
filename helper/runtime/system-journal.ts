// A write-ahead journal of what a tunnel changes outside its own TUN (routes, rules, sysctls, nft tables, DNS):
// each undo is on disk before its change is made, so a crashed run's changes can be undone by the next start.
import { execFile } from "node:child_process";
import {
  existsSync,
  mkdirSync,
  readFileSync,
  readlinkSync,
  renameSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import path from "node:path";
import { type FileState, writeFileState } from "./file-state";

/**
 * One step the journal can perform: a command (argv, never a shell), a sysctl write, or a file put into a state
 * (content, symlink or absent; the undo of a file change holds what was there before, read just before).
 */
export type SystemAction =
  | { readonly kind: "run"; readonly argv: readonly string[]; readonly stdin?: string }
  | { readonly kind: "sysctl"; readonly key: string; readonly value: string }
  | { readonly kind: "file"; readonly path: string; readonly state: FileState };

/** What a caller records: a description for messages, the change, and how to undo it. */
export interface SystemChanges {
  change(what: string, action: SystemAction, undo: SystemAction): Promise<void>;
}

interface JournalEntry {
  readonly what: string;
  readonly undo: SystemAction;
}

interface JournalFile {
  readonly version: 1;
  readonly pid: number;
  readonly entries: readonly JournalEntry[];
}

export const DEFAULT_JOURNAL_DIR = "/run/braid";

const sysctlKeyPattern = /^[a-z0-9_]+(\.[a-z0-9_-]+)+$/;

export async function performAction(action: SystemAction): Promise<void> {
  if (action.kind === "file") {
    writeFileState(action.path, action.state);
    return;
  }
  if (action.kind === "sysctl") {
    if (!sysctlKeyPattern.test(action.key)) throw new Error(`"${action.key}" is not a sysctl key`);
    writeFileSync(path.join("/proc/sys", ...action.key.split(".")), `${action.value}\n`);
    return;
  }
  const [file, ...args] = action.argv;
  if (file === undefined) return Promise.reject(new Error("empty command"));
  return new Promise((resolve, reject) => {
    const child = execFile(file, args, { encoding: "utf8" }, (error, _stdout, stderr) => {
      if (error) reject(new Error(`${action.argv.join(" ")} failed: ${(stderr || error.message).trim()}`));
      else resolve();
    });
    // A command that never reads stdin closes it early: that EPIPE is not the command's failure.
    child.stdin?.on("error", () => undefined);
    child.stdin?.end(action.stdin ?? "");
  });
}

/** Journals are per interface and per network namespace (one /run is shared by every namespace). */
export function journalPath(interfaceName: string, dir = DEFAULT_JOURNAL_DIR): string {
  const netns = /\[(\d+)\]/.exec(readlinkSync("/proc/self/ns/net"))?.[1] ?? "0";
  return path.join(dir, `journal-${interfaceName}-net${netns}.json`);
}

function isAlive(pid: number): boolean {
  if (pid === process.pid) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

export class SystemJournal implements SystemChanges {
  private entries: JournalEntry[] = [];

  private constructor(
    readonly file: string,
    private readonly log: (line: string) => void,
  ) {}

  /**
   * Opens the journal at file. A journal left by a run that is gone (a crash, kill -9) is undone first; one held
   * by a live process is refused, so two tunnels on one interface cannot undo each other's changes.
   */
  static async open(file: string, log: (line: string) => void): Promise<SystemJournal> {
    const journal = new SystemJournal(file, log);
    if (existsSync(file)) {
      const left = JSON.parse(readFileSync(file, "utf8")) as JournalFile;
      if (isAlive(left.pid))
        throw new Error(`${file} belongs to running process ${left.pid}; stop that tunnel first`);
      log(
        `braid: restoring ${left.entries.length} change(s) left by an earlier run (pid ${left.pid}) in ${file}`,
      );
      journal.entries = [...left.entries];
      await journal.undoAll();
    }
    return journal;
  }

  get pending(): readonly string[] {
    return this.entries.map((entry) => entry.what);
  }

  /** Records the undo on disk, then makes the change; a change that fails is forgotten again. */
  async change(what: string, action: SystemAction, undo: SystemAction): Promise<void> {
    this.entries.push({ what, undo });
    this.save();
    try {
      await performAction(action);
    } catch (error) {
      this.entries.pop();
      this.save();
      throw error;
    }
  }

  /**
   * Undoes one change now (the latest recorded as what) and forgets it, so a later undoAll cannot run it again: for
   * a part of the tunnel that goes away while the rest runs (an uplink). The entry leaves the journal only after its
   * undo ran, so a crash in between replays an undo that already happened rather than leaking the change. A failed
   * undo is forgotten too (it would fail again at stop) and rethrown for the caller to judge.
   */
  async revert(what: string): Promise<void> {
    const at = this.entries.map((entry) => entry.what).lastIndexOf(what);
    if (at < 0) return;
    const entry = this.entries[at] as JournalEntry;
    try {
      await performAction(entry.undo);
    } finally {
      const now = this.entries.indexOf(entry);
      if (now >= 0) this.entries.splice(now, 1);
      this.save();
    }
  }

  /** Undoes every change in reverse order, keeping on past failures, then removes the journal file. */
  async undoAll(): Promise<void> {
    while (this.entries.length > 0) {
      const entry = this.entries[this.entries.length - 1] as JournalEntry;
      await performAction(entry.undo).catch((error: Error) =>
        this.log(`braid: cleanup of ${entry.what}: ${error.message}`),
      );
      this.entries.pop();
      this.save();
    }
  }

  private save(): void {
    if (this.entries.length === 0) {
      rmSync(this.file, { force: true });
      return;
    }
    mkdirSync(path.dirname(this.file), { recursive: true, mode: 0o700 });
    const temp = `${this.file}.${process.pid}.tmp`;
    const body: JournalFile = { version: 1, pid: process.pid, entries: this.entries };
    writeFileSync(temp, JSON.stringify(body, null, 1), { mode: 0o600 });
    renameSync(temp, this.file);
  }
}
