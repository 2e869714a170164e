// `braid up PROFILE` without --foreground: hands the profile to the helper service and connects through it, so
// the tunnel outlives this command (and the terminal).
import { readFileSync } from "node:fs";
import path from "node:path";
import { ControlClient } from "../control/control-client";
import { DEFAULT_SOCKET_PATH } from "../control/control-schema";
import type { SchedulerMode } from "../engine/path-types";
import type { CliIo, ExitCode } from "./cli-io";
import { describeState } from "./control-commands";

/** The helper's name for a profile file: its base name, in the characters a profile name may have. */
export function profileNameOf(file: string): string {
  const base = path.basename(file).replace(/\.(conf|braid)$/i, "");
  const cleaned = base.replace(/[^A-Za-z0-9._-]+/g, "-").replace(/^[^A-Za-z0-9]+/, "");
  return (cleaned || "profile").slice(0, 64);
}

export interface UpViaHelperOptions {
  readonly file: string;
  readonly socketPath: string | undefined;
  readonly mode: SchedulerMode | undefined;
  readonly killSwitch: boolean;
}

export async function upViaHelper(io: CliIo, o: UpViaHelperOptions): Promise<ExitCode> {
  const command = "braid up";
  const socketPath = o.socketPath ?? DEFAULT_SOCKET_PATH;
  let client: ControlClient | undefined;
  try {
    const text = readFileSync(o.file, "utf8");
    client = await ControlClient.open(socketPath).catch((error: Error) => {
      throw new Error(
        `${error.message}; or run the tunnel in this terminal: sudo braid up ${o.file} --foreground`,
      );
    });
    const name = profileNameOf(o.file);
    const summary = await client.call("importProfile", { name, text });
    io.err(`${command}: profile "${summary.name}" handed to the helper (${summary.endpoint})\n`);
    if (o.killSwitch) await client.call("setKillSwitch", { enabled: true });
    const state = await client.call("connect", { profile: name });
    if (state.state === "error") throw new Error(`${state.message}; ${state.nextStep}`);
    if (o.mode !== undefined) await client.call("setMode", { mode: o.mode });
    io.out(`${describeState(state)}; braid status and braid paths follow it, braid down stops it\n`);
    return 0;
  } catch (error) {
    io.err(`${command}: ${(error as Error).message}\n`);
    return 1;
  } finally {
    client?.close();
  }
}
