// A system file's state as the journal records it (its content and mode, a symlink and its target, or absent):
// read before a change so the undo can put back exactly what was there, symlink as symlink.
import {
  chmodSync,
  lstatSync,
  readFileSync,
  readlinkSync,
  realpathSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import path from "node:path";

export type FileState =
  | { readonly kind: "content"; readonly text: string; readonly mode: number }
  | { readonly kind: "symlink"; readonly target: string }
  | { readonly kind: "absent" };

function checkPath(file: string): void {
  if (!path.isAbsolute(file) || path.normalize(file) !== file)
    throw new Error(`"${file}" is not an absolute, normalised path`);
}

/**
 * What is at file now. A file under a mount (itself, or the target its symlink resolves to) reads as the content
 * it shows, since that is all a change can touch there (see writeFileState).
 */
export function readFileState(file: string, mounted: ReadonlySet<string> = mountPoints()): FileState {
  checkPath(file);
  let stat: ReturnType<typeof lstatSync>;
  try {
    stat = lstatSync(file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return { kind: "absent" };
    throw error;
  }
  const inPlace = mountedPath(file, mounted);
  if (stat.isSymbolicLink() && inPlace === undefined) return { kind: "symlink", target: readlinkSync(file) };
  const real = statSync(file);
  if (!real.isFile()) throw new Error(`${file} is not a regular file; leaving it alone`);
  return { kind: "content", text: readFileSync(file, "utf8"), mode: real.mode & 0o7777 };
}

/** The mount point file is (or resolves to), when something is mounted there. */
function mountedPath(file: string, mounted: ReadonlySet<string>): string | undefined {
  if (mounted.has(file)) return file;
  try {
    const real = realpathSync(file);
    return mounted.has(real) ? real : undefined;
  } catch {
    return undefined; // a dangling symlink: nothing is mounted at its target
  }
}

/** Mount points as this process sees them (/proc/self/mountinfo's fifth field, octal escapes undone). */
export function mountPoints(mountinfo = readFileSync("/proc/self/mountinfo", "utf8")): Set<string> {
  const points = new Set<string>();
  for (const line of mountinfo.split("\n")) {
    const field = line.split(" ")[4];
    if (field)
      points.add(
        field.replace(/\\([0-7]{3})/g, (_match, octal: string) =>
          String.fromCharCode(Number.parseInt(octal, 8)),
        ),
      );
  }
  return points;
}

/**
 * Puts file into state. A file something is bind-mounted over (`ip netns exec` mounts /etc/netns/NS/resolv.conf
 * over /etc/resolv.conf) is only ever rewritten in place: unlinking or renaming over it would fail (EBUSY) or,
 * for a symlink the mount sits on, reach past the mount into the host's own /etc.
 */
export function writeFileState(
  file: string,
  state: FileState,
  mounted: ReadonlySet<string> = mountPoints(),
): void {
  checkPath(file);
  const inPlace = mountedPath(file, mounted);
  if (inPlace !== undefined) {
    if (state.kind !== "content")
      throw new Error(
        `${inPlace} is a mount point here; it can only be rewritten in place, not made ${state.kind}`,
      );
    writeFileSync(inPlace, state.text);
    return;
  }
  const now = readFileState(file, mounted);
  if (state.kind === "absent") {
    rmSync(file, { force: true });
    return;
  }
  if (state.kind === "symlink") {
    if (now.kind === "symlink" && now.target === state.target) return;
    rmSync(file, { force: true });
    symlinkSync(state.target, file);
    return;
  }
  // A symlink is replaced by a file of our own, so its target (a resolver's file) is never written through.
  if (now.kind === "symlink") rmSync(file);
  writeFileSync(file, state.text, { mode: state.mode });
  chmodSync(file, state.mode);
}
