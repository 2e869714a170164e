// One small JSON file of the helper's own state (what the user wants, data used this month): written atomically
// (temp file, fsync, rename) and private to root (0600 in a 0700 folder); a file it cannot read or make sense of
// is reported and treated as absent, never a reason not to start.
import {
  closeSync,
  fsyncSync,
  mkdirSync,
  openSync,
  readFileSync,
  renameSync,
  rmSync,
  writeSync,
} from "node:fs";
import path from "node:path";
import { DEFAULT_PROFILE_DIR } from "./profile-store";

/** Where the helper keeps what must survive its restarts; systemd makes it (StateDirectory=braid, 0700). */
export const DEFAULT_STATE_DIR = "/var/lib/braid";

/**
 * The kept state names profiles, so a helper on other profiles (a test's, a second helper) keeps its own beside
 * them and never takes up the service's.
 */
export function defaultStateDir(profilesDir: string): string {
  const profiles = path.resolve(profilesDir);
  return profiles === DEFAULT_PROFILE_DIR
    ? DEFAULT_STATE_DIR
    : path.join(path.dirname(profiles), "braid-state");
}

/** Loads and saves one value; the helper's stores take this, so tests can hand them one in memory. */
export interface StateStore<T> {
  /** undefined when there is nothing saved, or what is saved cannot be used (then it is logged). */
  load(): T | undefined;
  save(value: T): void;
}

export class JsonStateFile<T> implements StateStore<T> {
  constructor(
    readonly filePath: string,
    /** Throws, saying what is wrong, on anything that is not a T. */
    private readonly parse: (raw: unknown) => T,
    private readonly log: (line: string) => void,
  ) {}

  load(): T | undefined {
    let text: string;
    try {
      text = readFileSync(this.filePath, "utf8");
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === "ENOENT") return undefined;
      this.log(`braid helper: cannot read ${this.filePath}: ${(error as Error).message}; ignoring it`);
      return undefined;
    }
    try {
      return this.parse(JSON.parse(text));
    } catch (error) {
      this.log(
        `braid helper: ${this.filePath} is not usable (${(error as Error).message}); ignoring it, it will be rewritten`,
      );
      return undefined;
    }
  }

  /** A crash at any moment leaves either the old file or the new one, never half of one. */
  save(value: T): void {
    mkdirSync(path.dirname(this.filePath), { recursive: true, mode: 0o700 });
    const tempPath = `${this.filePath}.tmp-${process.pid}`;
    try {
      const fd = openSync(tempPath, "w", 0o600);
      try {
        writeSync(fd, `${JSON.stringify(value, null, 2)}\n`);
        fsyncSync(fd);
      } finally {
        closeSync(fd);
      }
      renameSync(tempPath, this.filePath);
    } catch (error) {
      rmSync(tempPath, { force: true });
      throw error;
    }
  }
}
