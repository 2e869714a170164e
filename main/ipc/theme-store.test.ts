import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { fileThemeStore, memoryThemeStore } from "./theme-store";

describe("theme store", () => {
  const dirs: string[] = [];
  afterEach(() => {
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  });
  const scratch = () => {
    const dir = mkdtempSync(path.join(tmpdir(), "braid-theme-"));
    dirs.push(dir);
    return dir;
  };

  it("follows the system until a theme is picked, then keeps it across a restart", () => {
    const file = path.join(scratch(), "nested", "theme.json");
    expect(fileThemeStore(file).load()).toBe("system");
    fileThemeStore(file).save("light");
    expect(fileThemeStore(file).load()).toBe("light");
    expect(JSON.parse(readFileSync(file, "utf8"))).toEqual({ theme: "light" });
  });

  it("falls back to system for a broken or hand-edited file", () => {
    const file = path.join(scratch(), "theme.json");
    writeFileSync(file, "{ not json");
    expect(fileThemeStore(file).load()).toBe("system");
    writeFileSync(file, JSON.stringify({ theme: "solarized" }));
    expect(fileThemeStore(file).load()).toBe("system");
  });

  it("keeps the theme in memory for the dev bridge", () => {
    const store = memoryThemeStore();
    store.save("dark");
    expect(store.load()).toBe("dark");
  });
});
