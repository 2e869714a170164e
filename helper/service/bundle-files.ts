// Which files the installed helper needs: the esbuild bundle and the packages esbuild left external (native
// addons), with everything they require at run time, each named by its path relative to the install folder.
import { existsSync, readdirSync, readFileSync, realpathSync, statSync } from "node:fs";
import path from "node:path";

/** What `npm run build:helper` marks --external (native code esbuild cannot bundle). */
export const BUNDLE_EXTERNALS = ["sodium-native", "koffi"] as const;

export interface BundleFile {
  readonly source: string;
  /** Where it goes under the install folder ("braid.js", "node_modules/koffi/index.js"). */
  readonly relative: string;
  readonly mode: number;
}

interface PackageJson {
  readonly dependencies?: Record<string, string>;
  readonly optionalDependencies?: Record<string, string>;
}

/** Node's lookup: fromDir/node_modules/name, then each parent's. */
function findPackage(name: string, fromDir: string): string | undefined {
  for (let dir = fromDir; ; dir = path.dirname(dir)) {
    const candidate = path.join(dir, "node_modules", name);
    if (existsSync(path.join(candidate, "package.json"))) return candidate;
    if (path.dirname(dir) === dir) return undefined;
  }
}

/** Every file of a package except its own node_modules (those packages are resolved on their own). */
function packageFiles(dir: string, relativeDir: string, into: BundleFile[]): void {
  for (const entry of readdirSync(dir).sort()) {
    if (entry === "node_modules") continue;
    const source = path.join(dir, entry);
    const stat = statSync(source); // follows symlinks: the copy holds the bytes, not a link out of /opt
    const relative = path.posix.join(relativeDir, entry);
    if (stat.isDirectory()) packageFiles(source, relative, into);
    else if (stat.isFile()) into.push({ source, relative, mode: stat.mode & 0o755 });
  }
}

/**
 * The bundle at scriptPath and the closure of its external packages (dependencies, and optional ones that are
 * installed, as koffi's per-platform binary). Throws naming a package that is missing: run npm ci first.
 */
export function bundleFiles(
  scriptPath: string,
  externals: readonly string[] = BUNDLE_EXTERNALS,
): BundleFile[] {
  const script = realpathSync(scriptPath);
  const files: BundleFile[] = [{ source: script, relative: path.basename(script), mode: 0o755 }];
  const seen = new Set<string>();
  let root: string | undefined;
  const visit = (name: string, fromDir: string, optional: boolean, neededBy: string) => {
    const found = findPackage(name, fromDir);
    if (found === undefined) {
      if (optional) return;
      throw new Error(
        `${neededBy} needs the package "${name}", not found from ${fromDir}; run npm ci, then npm run build`,
      );
    }
    const dir = realpathSync(found);
    if (seen.has(dir)) return;
    seen.add(dir);
    // The folder that holds the top node_modules: every package keeps its place relative to it.
    root ??= realpathSync(found.slice(0, found.length - path.join("node_modules", name).length));
    const relative = path.relative(root, dir);
    if (relative.startsWith(".."))
      throw new Error(`${dir} lies outside ${root}; install the packages with npm ci`);
    packageFiles(dir, relative.split(path.sep).join("/"), files);
    const manifest = JSON.parse(readFileSync(path.join(dir, "package.json"), "utf8")) as PackageJson;
    for (const dep of Object.keys(manifest.dependencies ?? {})) visit(dep, dir, false, name);
    for (const dep of Object.keys(manifest.optionalDependencies ?? {})) visit(dep, dir, true, name);
  };
  for (const name of externals) visit(name, path.dirname(script), false, path.basename(script));
  return files;
}
