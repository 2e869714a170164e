import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { bundleFiles } from "./bundle-files";
import { copyVerified, MANIFEST_NAME, manifestProblems, readManifest, SUMS_NAME } from "./verified-copy";

const scratch: string[] = [];
afterEach(() => {
  for (const dir of scratch.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function tree(files: Record<string, string>): string {
  const root = mkdtempSync(path.join(tmpdir(), "braid-bundle-"));
  scratch.push(root);
  for (const [relative, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(root, relative)), { recursive: true });
    writeFileSync(path.join(root, relative), text);
  }
  return root;
}

const pkg = (deps: Record<string, string> = {}, optional: Record<string, string> = {}) =>
  JSON.stringify({ dependencies: deps, optionalDependencies: optional });

describe("the helper's files", () => {
  it("are the bundle and each external package with its dependencies, installed optional ones, nested ones in place", () => {
    const root = tree({
      "dist/helper/braid.js": "bundle",
      "node_modules/sodium-native/package.json": pkg({ "require-addon": "1" }),
      "node_modules/sodium-native/prebuilds/linux-x64/sodium-native.node": "addon",
      "node_modules/require-addon/package.json": pkg({ shared: "2" }),
      "node_modules/require-addon/node_modules/shared/package.json": pkg(),
      "node_modules/require-addon/node_modules/shared/index.js": "nested v2",
      "node_modules/shared/package.json": pkg(),
      "node_modules/koffi/package.json": pkg(
        {},
        { "@koromix/koffi-linux-x64": "3", "@koromix/koffi-win32": "3" },
      ),
      "node_modules/@koromix/koffi-linux-x64/package.json": pkg(),
      "node_modules/@koromix/koffi-linux-x64/koffi.node": "ffi",
      "node_modules/unrelated/package.json": pkg(),
    });
    const relative = bundleFiles(path.join(root, "dist/helper/braid.js")).map((f) => f.relative);
    expect(relative.sort()).toEqual(
      [
        "braid.js",
        "node_modules/sodium-native/package.json",
        "node_modules/sodium-native/prebuilds/linux-x64/sodium-native.node",
        "node_modules/require-addon/package.json",
        "node_modules/require-addon/node_modules/shared/package.json",
        "node_modules/require-addon/node_modules/shared/index.js",
        "node_modules/koffi/package.json",
        "node_modules/@koromix/koffi-linux-x64/package.json",
        "node_modules/@koromix/koffi-linux-x64/koffi.node",
      ].sort(),
    );
  });

  it("name a missing required package and what to run", () => {
    const root = tree({
      "dist/helper/braid.js": "bundle",
      "node_modules/sodium-native/package.json": pkg({ "which-runtime": "1" }),
      "node_modules/koffi/package.json": pkg(),
    });
    expect(() => bundleFiles(path.join(root, "dist/helper/braid.js"))).toThrow(
      /sodium-native needs the package "which-runtime".*run npm ci/,
    );
  });

  it("are copied with SHA-256 proof and a manifest that later tells a changed or missing file", () => {
    const root = tree({ "dist/helper/braid.js": "bundle", "node_modules/sodium-native/package.json": pkg() });
    const files = bundleFiles(path.join(root, "dist/helper/braid.js"), ["sodium-native"]);
    const dest = path.join(root, "opt", "0.1.0");
    const manifest = copyVerified(files, dest, "0.1.0");
    expect(readFileSync(path.join(dest, "braid.js"), "utf8")).toBe("bundle");
    expect(readManifest(dest)).toEqual(manifest);
    expect(Object.keys(manifest.files).sort()).toEqual([
      "braid.js",
      "node_modules/sodium-native/package.json",
    ]);
    expect(manifestProblems(dest, manifest)).toEqual([]);
    writeFileSync(path.join(dest, "braid.js"), "tampered");
    rmSync(path.join(dest, "node_modules/sodium-native/package.json"));
    expect(manifestProblems(dest, manifest)).toEqual([
      "braid.js differs from its SHA-256 at install",
      "node_modules/sodium-native/package.json is missing",
    ]);
    expect(existsSync(path.join(dest, MANIFEST_NAME))).toBe(true);
  });

  it("come with a SHA256SUMS that sha256sum -c accepts, and that catches a changed file", () => {
    const root = tree({ "dist/helper/braid.js": "bundle", "node_modules/sodium-native/package.json": pkg() });
    const dest = path.join(root, "opt", "0.1.0");
    copyVerified(bundleFiles(path.join(root, "dist/helper/braid.js"), ["sodium-native"]), dest, "0.1.0");
    const check = () =>
      spawnSync("sha256sum", ["--check", "--quiet", SUMS_NAME], { cwd: dest, encoding: "utf8" });
    expect(check().status).toBe(0);
    writeFileSync(path.join(dest, "braid.js"), "tampered");
    expect(check().stdout).toMatch(/braid.js: FAILED/);
  });
});
