import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { findElectronBinary } from "./electron-binary";

describe("findElectronBinary", () => {
  const packageDir = mkdtempSync(path.join(tmpdir(), "electron-pkg-"));

  it("finds nothing when the binary was never downloaded (as here), without downloading", () => {
    expect(findElectronBinary({ packageDir, env: {} })).toBeUndefined();
  });

  it("finds dist/<path.txt> once it exists, and honours ELECTRON_OVERRIDE_DIST_PATH", () => {
    writeFileSync(path.join(packageDir, "path.txt"), "electron");
    expect(findElectronBinary({ packageDir, env: {} })).toBeUndefined();
    mkdirSync(path.join(packageDir, "dist"));
    writeFileSync(path.join(packageDir, "dist", "electron"), "");
    expect(findElectronBinary({ packageDir, env: {} })).toBe(path.join(packageDir, "dist", "electron"));
    const override = mkdtempSync(path.join(tmpdir(), "electron-dist-"));
    writeFileSync(path.join(override, "electron"), "");
    expect(findElectronBinary({ packageDir, env: { ELECTRON_OVERRIDE_DIST_PATH: override } })).toBe(
      path.join(override, "electron"),
    );
  });
});
