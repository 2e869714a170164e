// What `braid service` does to the machine beyond files: commands (argv arrays, never a shell) and asking the
// helper for its version. Injected, so the install and uninstall plans can be tested where systemd is absent.
import { execFile } from "node:child_process";
import { ControlClient } from "../control/control-client";
import { DEFAULT_SOCKET_PATH } from "../control/control-schema";
import { DEFAULT_STATE_DIR } from "./json-state-file";
import { DEFAULT_PROFILE_DIR } from "./profile-store";

export interface CommandResult {
  /** The exit code; 127 when the program is not there. */
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

export type CommandRunner = (argv: readonly string[]) => Promise<CommandResult>;

/** Answers with the helper's version on socketPath, or rejects saying why not. */
export type VersionProbe = (socketPath: string) => Promise<string>;

/** Where the service's pieces live; tests point these into a scratch folder. */
export interface ServiceLayout {
  readonly installRoot: string;
  readonly unitPath: string;
  /** Exists exactly when systemd is the running init (sd_booted(3)). */
  readonly systemdRunDir: string;
  readonly socketPath: string;
  readonly etcDir: string;
  readonly profilesDir: string;
  /** The helper's kept state (the unit's StateDirectory): what the user wants, the month's data usage. */
  readonly stateDir: string;
}

export const defaultLayout: ServiceLayout = {
  installRoot: "/opt/braid",
  unitPath: "/etc/systemd/system/braid-helper.service",
  systemdRunDir: "/run/systemd/system",
  socketPath: DEFAULT_SOCKET_PATH,
  etcDir: "/etc/braid",
  profilesDir: DEFAULT_PROFILE_DIR,
  stateDir: DEFAULT_STATE_DIR,
};

export interface ServiceDeps {
  readonly layout: ServiceLayout;
  readonly run: CommandRunner;
  readonly probeVersion: VersionProbe;
  readonly log: (line: string) => void;
  readonly sleep: (ms: number) => Promise<void>;
  readonly nowMs: () => number;
}

export const runCommand: CommandRunner = (argv) =>
  new Promise((resolve) => {
    const [file, ...args] = argv;
    if (file === undefined) {
      resolve({ code: 127, stdout: "", stderr: "empty command" });
      return;
    }
    execFile(file, args, { encoding: "utf8" }, (error, stdout, stderr) => {
      const failure = error as (NodeJS.ErrnoException & { code?: number | string }) | null;
      const code =
        failure === null
          ? 0
          : typeof failure.code === "number"
            ? failure.code
            : failure.code === "ENOENT"
              ? 127
              : 1;
      resolve({ code, stdout, stderr: stderr || (code === 127 ? (failure?.message ?? "") : "") });
    });
  });

export const probeHelperVersion: VersionProbe = async (socketPath) => {
  const client = await ControlClient.open(socketPath);
  try {
    const answer = client.call("version");
    const timeout = new Promise<never>((_, reject) =>
      setTimeout(() => reject(new Error("the helper did not answer `version` within 2 s")), 2000).unref(),
    );
    return (await Promise.race([answer, timeout])).helperVersion;
  } finally {
    client.close();
  }
};

export function realDeps(log: (line: string) => void, layout: ServiceLayout = defaultLayout): ServiceDeps {
  return {
    layout,
    run: runCommand,
    probeVersion: probeHelperVersion,
    log,
    sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
    nowMs: () => Date.now(),
  };
}

/** One line naming a failed command and what it said. */
export function describeFailure(argv: readonly string[], result: CommandResult): string {
  const said = (result.stderr || result.stdout).trim().split("\n").slice(-3).join("; ");
  return `\`${argv.join(" ")}\` failed (exit ${result.code})${said ? `: ${said}` : ""}`;
}
