// `braid service install`: the helper's files copied and verified into /opt/braid/VERSION, the braid group,
// the systemd unit written and started, and a wait until the socket answers with this version.
import { existsSync, mkdirSync, readdirSync, realpathSync, renameSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import type { BundleFile } from "./bundle-files";
import { describeFailure, type ServiceDeps } from "./service-host";
import { buildHelperUnit, UNIT_NAME } from "./systemd-unit";
import { copyVerified, manifestProblems, readManifest } from "./verified-copy";

export const GROUP_NAME = "braid";

export interface InstallRequest {
  readonly version: string;
  readonly nodePath: string;
  readonly files: readonly BundleFile[];
  readonly installerUid?: number;
  readonly waitTimeoutMs: number;
}

export type ServiceOutcome = { readonly ok: true } | { readonly ok: false; readonly error: string };

export function systemdMissing(deps: ServiceDeps): string | undefined {
  if (existsSync(deps.layout.systemdRunDir)) return undefined;
  return `no systemd running here (no ${deps.layout.systemdRunDir}); nothing was changed. Run the helper in the foreground instead: sudo braid helper`;
}

/** A command that must succeed, or the error saying which one failed. */
async function must(deps: ServiceDeps, argv: readonly string[]): Promise<string | undefined> {
  const result = await deps.run(argv);
  return result.code === 0 ? undefined : describeFailure(argv, result);
}

async function ensureGroup(deps: ServiceDeps): Promise<string | undefined> {
  if ((await deps.run(["getent", "group", GROUP_NAME])).code === 0) {
    deps.log(`group ${GROUP_NAME}: already there`);
    return undefined;
  }
  const failed = await must(deps, ["groupadd", "--system", GROUP_NAME]);
  if (failed)
    return `${failed}; create it by hand (groupadd --system ${GROUP_NAME}) and run the install again`;
  deps.log(`group ${GROUP_NAME}: created (add users with: sudo usermod -aG ${GROUP_NAME} USER)`);
  return undefined;
}

/** Polls `version` on the socket until it is the version installed, printing a line each second. */
async function waitForVersion(
  deps: ServiceDeps,
  version: string,
  timeoutMs: number,
): Promise<string | undefined> {
  const started = deps.nowMs();
  let lastReport = started;
  let last = "no answer yet";
  for (;;) {
    try {
      const answered = await deps.probeVersion(deps.layout.socketPath);
      if (answered === version) {
        deps.log(`helper ${version} answers on ${deps.layout.socketPath} after ${deps.nowMs() - started} ms`);
        return undefined;
      }
      last = `a helper ${answered} answers, not ${version}`;
    } catch (error) {
      last = (error as Error).message;
    }
    const elapsedMs = deps.nowMs() - started;
    if (elapsedMs >= timeoutMs)
      return `the helper did not answer with version ${version} on ${deps.layout.socketPath} within ${timeoutMs / 1000} s (${last}); see systemctl status braid-helper and journalctl -u braid-helper -n 50`;
    if (deps.nowMs() - lastReport >= 1000) {
      lastReport = deps.nowMs();
      deps.log(
        `waiting for the helper on ${deps.layout.socketPath} (${Math.round(elapsedMs / 1000)} s): ${last}`,
      );
    }
    await deps.sleep(200);
  }
}

/** The files are already in place when this braid runs from the install folder itself. */
function runningFromInstall(request: InstallRequest, installDir: string): boolean {
  if (!existsSync(installDir)) return false;
  return request.files.some((f) => path.dirname(realpathSync(f.source)) === realpathSync(installDir));
}

export async function installService(deps: ServiceDeps, request: InstallRequest): Promise<ServiceOutcome> {
  const fail = (error: string): ServiceOutcome => ({ ok: false, error });
  const missing = systemdMissing(deps);
  if (missing) return fail(missing);
  const { layout } = deps;
  const installDir = path.join(layout.installRoot, request.version);
  const staging = path.join(layout.installRoot, `.staging-${request.version}-${process.pid}`);
  const scriptPath = path.join(installDir, "braid.js");
  let unitText: string;
  try {
    unitText = buildHelperUnit({
      nodePath: request.nodePath,
      scriptPath,
      version: request.version,
      socketPath: layout.socketPath,
      profilesDir: layout.profilesDir,
      ...(request.installerUid !== undefined && { installerUid: request.installerUid }),
    });
  } catch (error) {
    return fail((error as Error).message);
  }

  const inPlace = runningFromInstall(request, installDir);
  if (inPlace) {
    const manifest = readManifest(installDir);
    const problems = manifest ? manifestProblems(installDir, manifest) : ["no manifest"];
    if (problems.length > 0)
      return fail(
        `${installDir} does not match its manifest (${problems.join(", ")}); install from a fresh build`,
      );
    deps.log(`files: running from ${installDir}, which matches its manifest`);
  } else {
    try {
      rmSync(staging, { recursive: true, force: true });
      mkdirSync(staging, { recursive: true, mode: 0o755 });
      const manifest = copyVerified(request.files, staging, request.version);
      deps.log(`files: ${Object.keys(manifest.files).length} copied and verified by SHA-256`);
    } catch (error) {
      rmSync(staging, { recursive: true, force: true });
      return fail(`cannot copy the helper's files into ${layout.installRoot}: ${(error as Error).message}`);
    }
  }

  const groupError = await ensureGroup(deps);
  if (groupError) {
    rmSync(staging, { recursive: true, force: true });
    return fail(groupError);
  }
  mkdirSync(layout.etcDir, { recursive: true, mode: 0o755 });
  mkdirSync(layout.profilesDir, { recursive: true, mode: 0o700 });

  // A running helper holds the old files: stop it before they are replaced, start the new one after.
  const active = (await deps.run(["systemctl", "is-active", UNIT_NAME])).stdout.trim() === "active";
  if (active) {
    const failed = await must(deps, ["systemctl", "stop", UNIT_NAME]);
    if (failed) {
      rmSync(staging, { recursive: true, force: true });
      return fail(failed);
    }
    deps.log(`${UNIT_NAME}: stopped the running helper to replace it`);
  }
  if (!inPlace) {
    const old = path.join(layout.installRoot, `.old-${request.version}-${process.pid}`);
    if (existsSync(installDir)) renameSync(installDir, old);
    renameSync(staging, installDir);
    rmSync(old, { recursive: true, force: true });
    deps.log(`files: ${installDir}`);
  }
  const unitTemp = `${layout.unitPath}.braid-new`;
  writeFileSync(unitTemp, unitText, { mode: 0o644 });
  renameSync(unitTemp, layout.unitPath);
  deps.log(`unit: ${layout.unitPath} (Restart=always)`);

  for (const argv of [
    ["systemctl", "daemon-reload"],
    ["systemctl", "enable", "--now", UNIT_NAME],
  ]) {
    const failed = await must(deps, argv);
    if (failed) return fail(`${failed}; see journalctl -u braid-helper -n 50`);
  }
  deps.log(`${UNIT_NAME}: enabled and started`);
  const waitError = await waitForVersion(deps, request.version, request.waitTimeoutMs);
  if (waitError) return fail(waitError);

  for (const entry of readdirSync(layout.installRoot)) {
    if (entry === request.version) continue;
    rmSync(path.join(layout.installRoot, entry), { recursive: true, force: true });
    deps.log(`files: removed ${path.join(layout.installRoot, entry)} (another version or a leftover)`);
  }
  return { ok: true };
}
