// `braid service uninstall`: the unit stopped, disabled and removed, the installed files removed, the socket
// gone; profiles and the braid group stay unless --purge.
import { existsSync, readdirSync, rmdirSync, rmSync } from "node:fs";
import { describeFailure, type ServiceDeps } from "./service-host";
import { GROUP_NAME, type ServiceOutcome, systemdMissing } from "./service-install";
import { UNIT_NAME } from "./systemd-unit";

export interface UninstallRequest {
  readonly purge: boolean;
}

export async function uninstallService(
  deps: ServiceDeps,
  request: UninstallRequest,
): Promise<ServiceOutcome> {
  const missing = systemdMissing(deps);
  if (missing) return { ok: false, error: missing };
  const { layout } = deps;
  const problems: string[] = [];
  if (existsSync(layout.unitPath)) {
    const argv = ["systemctl", "disable", "--now", UNIT_NAME];
    const result = await deps.run(argv);
    if (result.code !== 0) problems.push(describeFailure(argv, result));
    else deps.log(`${UNIT_NAME}: stopped and disabled`);
    rmSync(layout.unitPath, { force: true });
    deps.log(`unit: removed ${layout.unitPath}`);
  } else {
    deps.log(`unit: ${layout.unitPath} was not there`);
  }
  const reload = ["systemctl", "daemon-reload"];
  const reloaded = await deps.run(reload);
  if (reloaded.code !== 0) problems.push(describeFailure(reload, reloaded));
  // A unit that crashed stays listed as failed until reset; uninstall leaves no trace of it.
  await deps.run(["systemctl", "reset-failed", UNIT_NAME]);

  if (existsSync(layout.installRoot)) {
    rmSync(layout.installRoot, { recursive: true, force: true });
    deps.log(`files: removed ${layout.installRoot}`);
  }
  if (existsSync(layout.socketPath)) {
    rmSync(layout.socketPath, { force: true });
    deps.log(`socket: removed ${layout.socketPath}`);
  }

  if (request.purge) {
    rmSync(layout.profilesDir, { recursive: true, force: true });
    deps.log(`profiles: removed ${layout.profilesDir}`);
    if (existsSync(layout.stateDir)) {
      rmSync(layout.stateDir, { recursive: true, force: true });
      deps.log(`state: removed ${layout.stateDir} (the last wanted connection, this month's data usage)`);
    }
    if (existsSync(layout.etcDir)) {
      const rest = readdirSync(layout.etcDir);
      if (rest.length === 0) rmdirSync(layout.etcDir);
      else deps.log(`kept ${layout.etcDir}: it still holds ${rest.join(", ")} (not the service's)`);
    }
    if ((await deps.run(["getent", "group", GROUP_NAME])).code === 0) {
      const argv = ["groupdel", GROUP_NAME];
      const result = await deps.run(argv);
      if (result.code !== 0) problems.push(describeFailure(argv, result));
      else deps.log(`group ${GROUP_NAME}: removed`);
    }
  } else {
    deps.log(
      `kept ${layout.profilesDir}, ${layout.stateDir} and the ${GROUP_NAME} group; sudo braid service uninstall --purge removes them`,
    );
  }
  return problems.length === 0
    ? { ok: true }
    : { ok: false, error: `${problems.join("; ")}; the rest was removed, run the uninstall again` };
}
