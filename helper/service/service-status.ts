// `braid service status`: what is installed, what systemd says of the unit, whether the socket answers and with
// which version, each problem with the next step.
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import type { ServiceDeps } from "./service-host";
import { parseExecStart, UNIT_NAME } from "./systemd-unit";
import { manifestProblems, readManifest } from "./verified-copy";

export interface StatusLine {
  readonly label: string;
  readonly text: string;
  /** What to do about it; undefined when this part is fine. */
  readonly next?: string;
}

export async function serviceStatus(deps: ServiceDeps, ownVersion: string): Promise<StatusLine[]> {
  const { layout } = deps;
  const lines: StatusLine[] = [];
  const install = "sudo braid service install";
  let installedVersion: string | undefined;
  if (!existsSync(layout.unitPath)) {
    lines.push({ label: "installed", text: `no (no ${layout.unitPath})`, next: install });
  } else {
    const script = parseExecStart(readFileSync(layout.unitPath, "utf8"))?.[1];
    const dir = script === undefined ? undefined : path.dirname(script);
    const manifest = dir === undefined ? undefined : readManifest(dir);
    if (dir === undefined || manifest === undefined) {
      lines.push({
        label: "installed",
        text: `the unit names no intact install (${script ?? "no ExecStart"})`,
        next: install,
      });
    } else {
      installedVersion = manifest.version;
      const problems = manifestProblems(dir, manifest);
      lines.push(
        problems.length === 0
          ? { label: "installed", text: `${manifest.version} in ${dir} (files match their SHA-256)` }
          : {
              label: "installed",
              text: `${manifest.version} in ${dir}, but ${problems.slice(0, 3).join(", ")}`,
              next: install,
            },
      );
      if (problems.length === 0 && manifest.version !== ownVersion)
        lines.push({
          label: "version",
          text: `installed ${manifest.version}, this braid is ${ownVersion}`,
          next: `${install} (replaces it with ${ownVersion})`,
        });
    }
  }

  if (!existsSync(layout.systemdRunDir)) {
    lines.push({
      label: "unit",
      text: `no systemd running here (no ${layout.systemdRunDir})`,
      next: "run the helper in the foreground: sudo braid helper",
    });
  } else {
    const active = (await deps.run(["systemctl", "is-active", UNIT_NAME])).stdout.trim() || "unknown";
    const enabled = (await deps.run(["systemctl", "is-enabled", UNIT_NAME])).stdout.trim() || "not-found";
    const next =
      active !== "active"
        ? installedVersion === undefined
          ? install
          : "sudo systemctl restart braid-helper; if it keeps failing: journalctl -u braid-helper -n 50"
        : enabled !== "enabled"
          ? "sudo systemctl enable braid-helper (so it starts at boot)"
          : undefined;
    lines.push({ label: "unit", text: `${active}, ${enabled}`, ...(next !== undefined && { next }) });
  }

  try {
    const helperVersion = await deps.probeVersion(layout.socketPath);
    lines.push(
      helperVersion === ownVersion
        ? { label: "socket", text: `${layout.socketPath} answers: helper ${helperVersion}` }
        : {
            label: "socket",
            text: `${layout.socketPath} answers: helper ${helperVersion}, this braid is ${ownVersion}`,
            next: install,
          },
    );
  } catch (error) {
    const reason = (error as Error).message;
    lines.push({
      label: "socket",
      text: reason,
      next: reason.includes("not allowed")
        ? "sudo usermod -aG braid $USER, then log in again"
        : lines.some((l) => l.next !== undefined)
          ? "the steps above first"
          : "the unit runs but its socket is silent: journalctl -u braid-helper -n 50",
    });
  }
  return lines;
}

export function formatStatus(lines: readonly StatusLine[]): string {
  const width = Math.max(...lines.map((l) => l.label.length));
  return lines
    .map(
      (l) =>
        `${`${l.label}:`.padEnd(width + 1)}  ${l.text}${l.next ? `\n${" ".repeat(width + 3)}next: ${l.next}` : ""}\n`,
    )
    .join("");
}
