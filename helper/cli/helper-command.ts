// `braid helper`: the helper service in the foreground (what the systemd unit runs): the control socket, the
// profile store, one tunnel at a time.
import { readFileSync } from "node:fs";
import path from "node:path";
import { ControlClient } from "../control/control-client";
import { DEFAULT_SOCKET_PATH } from "../control/control-schema";
import { ControlServer } from "../control/control-server";
import { ControlService } from "../control/control-service";
import { peerCredAuthorize } from "../control/peer-cred-linux";
import type { RandomSource } from "../engine/ports";
import { openStartJournal } from "../platform/kill-switch-apply-linux";
import { journalPath, SystemJournal } from "../runtime/system-journal";
import { waitForStopSignal } from "../runtime/wait-for-stop";
import { HostTunnelController } from "../service/host-tunnel-controller";
import { defaultStateDir, JsonStateFile } from "../service/json-state-file";
import { DATA_USAGE_FILE, MonthlyDataUsage, parseDataUsage } from "../service/monthly-data-usage";
import { DEFAULT_PROFILE_DIR, ProfileStore } from "../service/profile-store";
import { reconnectWanted } from "../service/reconnect-wanted";
import { parseWantedState, WANTED_STATE_FILE } from "../service/wanted-state";
import type { CliIo, ExitCode } from "./cli-io";
import { needsRoot, parseArgs } from "./tunnel-run";

const GROUP = "braid";
/** How often the month's data usage is written down (and on every disconnect and at shutdown). */
const USAGE_SAVE_INTERVAL_MS = 10_000;

/** The gid of the braid group, or undefined when it does not exist (then only root may connect). */
function braidGid(): number | undefined {
  const line = readFileSync("/etc/group", "utf8")
    .split("\n")
    .find((l) => l.startsWith(`${GROUP}:`));
  const gid = line === undefined ? Number.NaN : Number(line.split(":")[2]);
  return Number.isInteger(gid) ? gid : undefined;
}

async function someoneListens(socketPath: string): Promise<boolean> {
  try {
    (await ControlClient.open(socketPath)).close();
    return true;
  } catch {
    return false;
  }
}

export async function helperCommand(
  io: CliIo,
  args: readonly string[],
  random: RandomSource,
  version: string,
): Promise<ExitCode> {
  const command = "braid helper";
  const parsed = parseArgs(args, ["--socket", "--profiles", "--interface", "--installer-uid", "--state"]);
  if (typeof parsed === "string" || parsed.positional.length > 0) {
    io.err(`${command}: ${typeof parsed === "string" ? parsed : `unexpected "${parsed.positional[0]}"`}\n`);
    return 2;
  }
  const socketPath = (parsed.options.get("--socket") as string | undefined) ?? DEFAULT_SOCKET_PATH;
  const installerText = parsed.options.get("--installer-uid") as string | undefined;
  const installerUid = installerText === undefined ? undefined : Number(installerText);
  if (installerUid !== undefined && !(Number.isInteger(installerUid) && installerUid >= 0)) {
    io.err(`${command}: --installer-uid needs a user id (a whole number), got "${installerText}"\n`);
    return 2;
  }
  if (needsRoot(io, command)) return 1;
  if (await someoneListens(socketPath)) {
    io.err(
      `${command}: another helper already answers on ${socketPath}; stop it first (braid service status)\n`,
    );
    return 1;
  }
  const log = (line: string) => io.err(`${line}\n`);
  const interfaceName = (parsed.options.get("--interface") as string | undefined) ?? "braid0";
  // A helper killed mid-tunnel (kill -9, a crash; systemd restarts it) left routes, rules, DNS and the kill
  // switch in its journals: put the system back now, not at the next connect. It starts disconnected.
  try {
    await SystemJournal.open(journalPath(interfaceName), log);
    await openStartJournal(interfaceName, log);
  } catch (error) {
    io.err(`${command}: cannot restore what a previous run left: ${(error as Error).message}\n`);
    return 1;
  }
  // What the user wanted and the month's data usage survive a restart (kill -9, a reboot); see docs/service.md.
  const profilesDir = (parsed.options.get("--profiles") as string | undefined) ?? DEFAULT_PROFILE_DIR;
  const stateDir = (parsed.options.get("--state") as string | undefined) ?? defaultStateDir(profilesDir);
  const controller = new HostTunnelController({
    store: new ProfileStore(profilesDir),
    interfaceName,
    random,
    log,
    wanted: new JsonStateFile(path.join(stateDir, WANTED_STATE_FILE), parseWantedState, log),
    usage: new MonthlyDataUsage(
      new JsonStateFile(path.join(stateDir, DATA_USAGE_FILE), parseDataUsage, log),
      Date.now,
    ),
  });
  const wantedProfile = controller.restoreWanted();
  let server: ControlServer | undefined;
  const service = new ControlService(controller, (event) => server?.publish(event), version);
  const gid = braidGid();
  server = new ControlServer({
    socketPath,
    handlers: service.handlers,
    authorize: peerCredAuthorize({ groupName: GROUP, ...(installerUid !== undefined && { installerUid }) }),
    ...(gid !== undefined && { socketGid: gid }),
    // Connecting needs write permission on the file: the installer owns it, so SO_PEERCRED is not the only door.
    ...(installerUid !== undefined && { socketUid: installerUid }),
    socketMode: gid === undefined ? 0o600 : 0o660,
  });
  try {
    await server.listen();
  } catch (error) {
    io.err(`${command}: cannot listen on ${socketPath}: ${(error as Error).message}\n`);
    return 1;
  }
  service.start();
  const usageTimer = setInterval(() => controller.recordUsage(), USAGE_SAVE_INTERVAL_MS);
  const reconnecting =
    wantedProfile === undefined ? undefined : reconnectWanted(service, controller, wantedProfile, log);
  io.err(
    `${command}: listening on ${socketPath}${gid === undefined ? ` (no "${GROUP}" group: root only; braid service install creates it)` : ` (root and group ${GROUP})`}; Ctrl-C stops it\n`,
  );
  const signal = await waitForStopSignal();
  io.err(`${command}: ${signal}, disconnecting and closing the socket\n`);
  service.stop();
  clearInterval(usageTimer);
  reconnecting?.stop();
  await controller.close().catch((error: Error) => log(`braid helper: disconnect failed: ${error.message}`));
  await server.close();
  return 0;
}
