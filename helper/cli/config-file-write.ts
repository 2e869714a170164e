// Writing configs that hold private keys: created 0600 and never over an existing one, or replaced atomically
// (temp file, fsync, rename) under a lock so two add-clients at once cannot lose a peer.
import { closeSync, fsyncSync, openSync, renameSync, statSync, unlinkSync, writeSync } from "node:fs";
import { basename, dirname, join } from "node:path";

const PRIVATE_FILE_MODE = 0o600;

function writeAll(fd: number, text: string): void {
  writeSync(fd, text);
  fsyncSync(fd);
}

/** Creates the file, refusing (EEXIST) if anything is already there. */
export function createPrivateFile(file: string, text: string): void {
  const fd = openSync(file, "wx", PRIVATE_FILE_MODE);
  try {
    writeAll(fd, text);
  } finally {
    closeSync(fd);
  }
}

export class ConfigLockedError extends Error {}

/** Runs update under FILE.lock; update returns the new text, which replaces the file in one rename. */
export function replaceFileLocked(file: string, update: () => string): void {
  const lock = `${file}.lock`;
  let lockFd: number;
  try {
    lockFd = openSync(lock, "wx", PRIVATE_FILE_MODE);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
    throw new ConfigLockedError(
      `${lock} exists: another braid server add-client is running, or one was killed (then remove the lock)`,
    );
  }
  const temp = join(dirname(file), `.${basename(file)}.${process.pid}.tmp`);
  try {
    const text = update();
    const mode = statSync(file).mode & 0o777;
    const fd = openSync(temp, "wx", mode & PRIVATE_FILE_MODE);
    try {
      writeAll(fd, text);
    } finally {
      closeSync(fd);
    }
    renameSync(temp, file);
  } catch (error) {
    try {
      unlinkSync(temp);
    } catch {
      // no temp file was made
    }
    throw error;
  } finally {
    closeSync(lockFd);
    unlinkSync(lock);
  }
}
