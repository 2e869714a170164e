// Which node runs the helper as root: a system one, used in place, because the unit keeps pointing at it (the
// staged copy is removed after the install) and an AppImage's Electron cannot be read by root.
import { execFile } from "node:child_process";
import { statSync } from "node:fs";

export const nodeCandidates = ["/usr/bin/node", "/usr/local/bin/node"] as const;
/** What the helper bundle targets (package.json engines). */
export const minimumNode = { major: 20, minor: 19 } as const;

export interface NodeProbe {
  /** Owner uid and mode bits, or undefined when the file is not there. */
  stat(file: string): { readonly uid: number; readonly mode: number; readonly isFile: boolean } | undefined;
  /** `node --version`, e.g. "v20.19.2", or undefined when it does not run. */
  version(file: string): Promise<string | undefined>;
}

export type NodeChoice =
  | { readonly ok: true; readonly nodePath: string }
  | { readonly ok: false; readonly error: string };

function newEnough(version: string): boolean {
  const match = /^v(\d+)\.(\d+)\./.exec(version);
  if (!match) return false;
  const major = Number(match[1]);
  const minor = Number(match[2]);
  return major > minimumNode.major || (major === minimumNode.major && minor >= minimumNode.minor);
}

/** The first candidate owned by root, writable by no one else, and new enough; else why none qualifies. */
export async function chooseSystemNode(
  probe: NodeProbe,
  candidates: readonly string[] = nodeCandidates,
): Promise<NodeChoice> {
  const seen: string[] = [];
  for (const file of candidates) {
    const stat = probe.stat(file);
    if (stat === undefined) continue;
    if (!stat.isFile || stat.uid !== 0 || (stat.mode & 0o022) !== 0) {
      seen.push(`${file} is not a root-owned file only root can change`);
      continue;
    }
    const version = await probe.version(file);
    if (version === undefined || !newEnough(version)) {
      seen.push(`${file} is ${version ?? "not runnable"}`);
      continue;
    }
    return { ok: true, nodePath: file };
  }
  const need = `Node.js ${minimumNode.major}.${minimumNode.minor} or newer`;
  return {
    ok: false,
    error: `Braid's helper runs on the system's ${need}, and ${seen.length > 0 ? seen.join("; ") : `there is none at ${candidates.join(" or ")}`}. Install ${need} (from your distribution or nodejs.org) and try again.`,
  };
}

export const realNodeProbe: NodeProbe = {
  stat(file) {
    try {
      const stat = statSync(file);
      return { uid: stat.uid, mode: stat.mode, isFile: stat.isFile() };
    } catch {
      return undefined;
    }
  },
  version: (file) =>
    new Promise((resolve) => {
      execFile(file, ["--version"], { encoding: "utf8", timeout: 5_000 }, (error, stdout) =>
        resolve(error ? undefined : stdout.trim()),
      );
    }),
};
