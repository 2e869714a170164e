// Copies the helper's files into their install folder and proves the copy: each file's SHA-256 against its
// source, and a manifest beside them so `service status` (and the app) can check the files later.
import { createHash } from "node:crypto";
import { chmodSync, copyFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import type { BundleFile } from "./bundle-files";

export const MANIFEST_NAME = "braid-install.json";
export const SUMS_NAME = "SHA256SUMS";

export interface InstallManifest {
  readonly version: string;
  /** relative path -> SHA-256 (hex) */
  readonly files: Readonly<Record<string, string>>;
}

export function sha256File(file: string): string {
  return createHash("sha256").update(readFileSync(file)).digest("hex");
}

/** Copies files into destDir (which must not hold anything else), verifies them, writes the manifest. */
export function copyVerified(
  files: readonly BundleFile[],
  destDir: string,
  version: string,
): InstallManifest {
  const hashes: Record<string, string> = {};
  for (const file of files) {
    const target = path.join(destDir, ...file.relative.split("/"));
    mkdirSync(path.dirname(target), { recursive: true, mode: 0o755 });
    copyFileSync(file.source, target);
    chmodSync(target, file.mode | 0o444);
  }
  for (const file of files) {
    const expected = sha256File(file.source);
    const copied = sha256File(path.join(destDir, ...file.relative.split("/")));
    if (copied !== expected)
      throw new Error(
        `the copy of ${file.source} in ${destDir} differs from its source (SHA-256 ${copied} vs ${expected}); check the disk and run the install again`,
      );
    hashes[file.relative] = expected;
  }
  const manifest: InstallManifest = { version, files: hashes };
  writeFileSync(path.join(destDir, MANIFEST_NAME), `${JSON.stringify(manifest, null, 2)}\n`, { mode: 0o644 });
  // The same hashes for `cd DIR && sha256sum -c SHA256SUMS`: an admin (or the app's elevated step) can check the
  // files with a system tool instead of trusting the code being checked.
  const sums = Object.entries(hashes).map(([relative, hash]) => `${hash}  ${relative}\n`);
  writeFileSync(path.join(destDir, SUMS_NAME), sums.join(""), { mode: 0o644 });
  return manifest;
}

export function readManifest(dir: string): InstallManifest | undefined {
  const file = path.join(dir, MANIFEST_NAME);
  if (!existsSync(file)) return undefined;
  try {
    return JSON.parse(readFileSync(file, "utf8")) as InstallManifest;
  } catch {
    return undefined;
  }
}

/** The files under dir that are missing or differ from the manifest (empty when all match). */
export function manifestProblems(dir: string, manifest: InstallManifest): string[] {
  const problems: string[] = [];
  for (const [relative, expected] of Object.entries(manifest.files)) {
    const file = path.join(dir, ...relative.split("/"));
    if (!existsSync(file)) problems.push(`${relative} is missing`);
    else if (sha256File(file) !== expected) problems.push(`${relative} differs from its SHA-256 at install`);
  }
  return problems;
}
