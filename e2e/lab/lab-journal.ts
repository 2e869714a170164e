// Every change the lab makes, with how to undo it, so teardown removes everything on success, failure and signals.
import { execFileSync } from "node:child_process";

export const labPrefix = "braidlab-";

export class LabJournal {
  private readonly undo: (() => void)[] = [];

  /** Runs argv (no shell); on success records how to undo it. */
  change(argv: readonly string[], undoArgv?: readonly string[]): void {
    run(argv);
    if (undoArgv) this.undo.push(() => runQuietly(undoArgv));
  }

  onTeardown(action: () => void): void {
    this.undo.push(action);
  }

  /** Undoes in reverse order; keeps going past failures (a namespace may already be gone). */
  teardown(): void {
    while (this.undo.length > 0) {
      try {
        this.undo.pop()!();
      } catch {
        // best effort: the rest must still be undone
      }
    }
  }
}

export function run(argv: readonly string[]): string {
  try {
    return execFileSync(argv[0]!, argv.slice(1), { stdio: ["ignore", "pipe", "pipe"], encoding: "utf8" });
  } catch (error) {
    const stderr = (error as { stderr?: string }).stderr?.trim();
    throw new Error(`lab: ${argv.join(" ")} failed: ${stderr || String(error)}`);
  }
}

function runQuietly(argv: readonly string[]): void {
  try {
    execFileSync(argv[0]!, argv.slice(1), { stdio: "ignore" });
  } catch {
    // already gone
  }
}

/** Namespaces of any lab on this machine (for `braid lab down` after a crash). */
export function leftoverNamespaces(): string[] {
  const out = run(["ip", "netns", "list"]);
  return out
    .split("\n")
    .map((line) => line.split(" ")[0] ?? "")
    .filter((name) => name.startsWith(labPrefix));
}

/** Ends the processes inside a namespace (iperf3, probes, Braid), then deletes it; its TUN ends go with it. */
export function removeNamespace(name: string): void {
  let pids: string[] = [];
  try {
    pids = run(["ip", "netns", "pids", name]).split("\n").filter(Boolean);
  } catch {
    return; // already gone
  }
  for (const pid of pids) {
    try {
      process.kill(Number(pid), "SIGKILL");
    } catch {
      // exited meanwhile
    }
  }
  runQuietly(["ip", "netns", "del", name]);
}

/** Removes every lab namespace on this machine (`braid lab down`, or after a crash). */
export function removeLeftoverLabs(): string[] {
  const names = leftoverNamespaces();
  for (const name of names) removeNamespace(name);
  return names;
}
