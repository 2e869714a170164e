// `braid service install|uninstall|status`: the helper as a systemd service (helper/service/ does the work).
import { bundleFiles } from "../service/bundle-files";
import { realDeps } from "../service/service-host";
import { installService, systemdMissing } from "../service/service-install";
import { formatStatus, serviceStatus } from "../service/service-status";
import { uninstallService } from "../service/service-uninstall";
import { installerUidFromEnv } from "../service/systemd-unit";
import type { CliIo, ExitCode } from "./cli-io";
import { parseArgs } from "./tunnel-run";

const usage =
  "braid service install [--wait SECONDS] | braid service uninstall [--purge] | braid service status";

export async function serviceCommand(io: CliIo, args: readonly string[], version: string): Promise<ExitCode> {
  const [action, ...rest] = args;
  const command = `braid service${action === undefined ? "" : ` ${action}`}`;
  const spec: Record<string, [string[], string[]]> = {
    install: [["--wait"], []],
    uninstall: [[], ["--purge"]],
    status: [[], []],
  };
  const known = action === undefined ? undefined : spec[action];
  if (known === undefined) {
    io.err(
      `braid service: ${action === undefined ? "say what to do" : `unknown action "${action}"`}; usage: ${usage}\n`,
    );
    return 2;
  }
  const parsed = parseArgs(rest, known[0], known[1]);
  if (typeof parsed === "string" || parsed.positional.length > 0) {
    io.err(`${command}: ${typeof parsed === "string" ? parsed : `unexpected "${parsed.positional[0]}"`}\n`);
    return 2;
  }
  const deps = realDeps((line) => io.err(`${command}: ${line}\n`));

  if (action === "status") {
    const lines = await serviceStatus(deps, version);
    io.out(formatStatus(lines));
    return lines.some((l) => l.next !== undefined) ? 1 : 0;
  }

  // Said before the root check: without systemd, sudo would not help.
  const missing = systemdMissing(deps);
  if (missing) {
    io.err(`${command}: ${missing}\n`);
    return 1;
  }
  if (process.getuid?.() !== 0) {
    io.err(
      `${command}: needs root (it writes ${deps.layout.unitPath} and ${deps.layout.installRoot}); run it with sudo\n`,
    );
    return 1;
  }

  if (action === "uninstall") {
    const outcome = await uninstallService(deps, { purge: parsed.options.has("--purge") });
    if (!outcome.ok) {
      io.err(`${command}: ${outcome.error}\n`);
      return 1;
    }
    io.out("Braid's helper service is uninstalled: no unit, no installed files, no socket.\n");
    return 0;
  }

  const waitText = parsed.options.get("--wait") as string | undefined;
  const waitSeconds = waitText === undefined ? 20 : Number(waitText);
  if (!(Number.isFinite(waitSeconds) && waitSeconds > 0)) {
    io.err(`${command}: --wait needs a number of seconds, got "${waitText}"\n`);
    return 2;
  }
  const scriptPath = process.argv[1];
  let files: ReturnType<typeof bundleFiles>;
  try {
    if (scriptPath === undefined) throw new Error("the braid script's path is unknown");
    files = bundleFiles(scriptPath);
  } catch (error) {
    io.err(`${command}: cannot gather the helper's files: ${(error as Error).message}\n`);
    return 1;
  }
  const installerUid = installerUidFromEnv(process.env);
  const outcome = await installService(deps, {
    version,
    nodePath: process.execPath,
    files,
    ...(installerUid !== undefined && { installerUid }),
    waitTimeoutMs: waitSeconds * 1000,
  });
  if (!outcome.ok) {
    io.err(`${command}: ${outcome.error}\n`);
    return 1;
  }
  io.out(
    [
      `Braid's helper ${version} runs as the systemd service braid-helper (restarted if it dies).`,
      `Socket ${deps.layout.socketPath}: root and the ${"braid"} group${installerUid !== undefined ? `, and uid ${installerUid} (who installed it)` : ""}.`,
      "Check it: braid service status. Remove it: sudo braid service uninstall.",
      "",
    ].join("\n"),
  );
  return 0;
}
