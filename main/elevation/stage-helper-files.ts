// Copies the helper's files into a private folder (0700) the elevated line can read (an AppImage's FUSE mount
// is closed to root) and writes SHA256SUMS from the shipped files' hashes, so root can check the copy it makes.
import { createHash } from "node:crypto";
import { chmodSync, copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import type { BundleFile } from "../../helper/service/bundle-files";
import { SUMS_NAME, sha256File } from "../../helper/service/verified-copy";

export interface StagedFiles {
  readonly stageDir: string;
  readonly sumsSha256: string;
  /** Files in stageDir, SHA256SUMS included. */
  readonly fileCount: number;
}

/** A relative name must stay inside the folder and survive sha256sum's line format and the elevated line. */
function checkRelative(relative: string): void {
  const parts = relative.split("/");
  if (
    !/^[\x21-\x7e]+$/.test(relative) ||
    relative.includes("\\") ||
    parts.some((part) => part === "" || part === "." || part === "..")
  )
    throw new Error(
      `the helper file "${relative}" has a name Braid will not stage (only printable ASCII without spaces or backslashes, inside its folder); reinstall Braid`,
    );
}

/** Stages files under parentDir; throws (and leaves nothing behind) when a copy differs from its source. */
export function stageHelperFiles(files: readonly BundleFile[], parentDir: string): StagedFiles {
  if (!files.some((f) => f.relative === "braid.js"))
    throw new Error(
      "the helper's files have no braid.js at their top; run npm run build (or reinstall Braid)",
    );
  mkdirSync(parentDir, { recursive: true, mode: 0o700 });
  const stageDir = mkdtempSync(path.join(parentDir, "braid-stage-"));
  try {
    chmodSync(stageDir, 0o700);
    const lines: string[] = [];
    for (const file of [...files].sort((a, b) => (a.relative < b.relative ? -1 : 1))) {
      checkRelative(file.relative);
      const expected = sha256File(file.source);
      const target = path.join(stageDir, ...file.relative.split("/"));
      mkdirSync(path.dirname(target), { recursive: true, mode: 0o700 });
      copyFileSync(file.source, target);
      chmodSync(target, 0o600);
      const copied = sha256File(target);
      if (copied !== expected)
        throw new Error(
          `the staged copy of ${file.source} differs from it (SHA-256 ${copied} vs ${expected}); check the disk and try again`,
        );
      lines.push(`${expected}  ${file.relative}\n`);
    }
    const sums = lines.join("");
    writeFileSync(path.join(stageDir, SUMS_NAME), sums, { mode: 0o600 });
    const sumsSha256 = createHash("sha256").update(sums).digest("hex");
    return { stageDir, sumsSha256, fileCount: files.length + 1 };
  } catch (error) {
    rmSync(stageDir, { recursive: true, force: true });
    throw error;
  }
}

export function removeStage(stageDir: string): void {
  rmSync(stageDir, { recursive: true, force: true });
}
