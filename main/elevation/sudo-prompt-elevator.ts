// Runs one elevated line through @vscode/sudo-prompt (pkexec or kdesudo on Linux) and says how it ended.
import { exec as sudoExec } from "@vscode/sudo-prompt";

export type ElevationResult =
  | { readonly outcome: "done"; readonly stdout: string }
  | { readonly outcome: "declined" }
  | { readonly outcome: "failed"; readonly message: string };

/** What the supervisor sees of elevation; tests give it a fake. */
export interface Elevator {
  run(line: string): Promise<ElevationResult>;
}

// sudo-prompt's own messages for "never elevated" (it knows from a marker line, not from exit codes).
const permissionDenied = "User did not grant permission.";
const noPolkitAgent = "No polkit authentication agent found.";

/** Classifies sudo-prompt's callback: separate so it can be tested without a polkit agent. */
export function classifySudoResult(
  error: Error | undefined,
  stdout: string,
  stderr: string,
): ElevationResult {
  if (!error) return { outcome: "done", stdout };
  if (error.message === permissionDenied) return { outcome: "declined" };
  if (error.message === noPolkitAgent)
    return {
      outcome: "failed",
      message:
        "No password prompt could be shown (no polkit authentication agent runs in this session). Start one, or run sudo braid service install in a terminal.",
    };
  const said = (stderr || stdout).trim().split("\n").slice(-4).join("; ");
  return { outcome: "failed", message: said || error.message };
}

/**
 * sudo-prompt runs the line after `cd "<cwd>"` inside the same double quotes, where `$` and backticks would be
 * expanded: a working folder holding them is left for "/" first (the app uses absolute paths throughout).
 */
export function safeWorkingDirectory(cwd: string): boolean {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what is refused
  return !/[$`\\"\u0000-\u001f]/.test(cwd);
}

export function sudoPromptElevator(appName = "Braid"): Elevator {
  return {
    run: (line) =>
      new Promise((resolve) => {
        if (!safeWorkingDirectory(process.cwd())) process.chdir("/");
        sudoExec(line, { name: appName }, (error, stdout, stderr) =>
          resolve(classifySudoResult(error, String(stdout ?? ""), String(stderr ?? ""))),
        );
      }),
  };
}
