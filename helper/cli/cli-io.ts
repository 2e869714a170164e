// The terminal as the commands see it: injected so each command can be tested without a real process.

export interface CliIo {
  readonly out: (text: string) => void;
  readonly err: (text: string) => void;
  /** Reads all of standard input (for `braid pubkey < key`). */
  readonly readStdin: () => Promise<string>;
}

/** A command's outcome: the process exit code. 0 ok, 1 failure, 2 bad usage (as wg and most Unix tools). */
export type ExitCode = 0 | 1 | 2;

export class UsageError extends Error {
  override readonly name = "UsageError";
}
