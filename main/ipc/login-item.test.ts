import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { desktopExecArg, memoryLoginItem, platformLoginItem, xdgAutostartLoginItem } from "./login-item";

describe("login item", () => {
  const dirs: string[] = [];
  afterEach(() => {
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  });

  it("writes and removes an XDG autostart entry that starts this app", () => {
    const dir = mkdtempSync(path.join(tmpdir(), "braid-autostart-"));
    dirs.push(dir);
    const item = xdgAutostartLoginItem({ configDir: dir, command: ["/opt/Braid/braid", "/home/a b/app"] });
    const file = path.join(dir, "autostart", "braid.desktop");
    expect(item.get()).toBe(false);
    item.set(true);
    expect(item.get()).toBe(true);
    expect(readFileSync(file, "utf8")).toContain('Exec=/opt/Braid/braid "/home/a b/app"\n');
    item.set(false);
    expect(item.get()).toBe(false);
    expect(existsSync(file)).toBe(false);
    item.set(false); // already off: nothing to remove, no error
  });

  it("quotes Exec arguments by the Desktop Entry rules", () => {
    expect(desktopExecArg("/usr/bin/braid")).toBe("/usr/bin/braid");
    expect(desktopExecArg('a "b" $c `d` \\e')).toBe('"a \\"b\\" \\$c \\`d\\` \\\\e"');
  });

  it("uses XDG_CONFIG_HOME on Linux and Electron's login items elsewhere", () => {
    const dir = mkdtempSync(path.join(tmpdir(), "braid-autostart-"));
    dirs.push(dir);
    const electron = { openAtLogin: false };
    const app = {
      getLoginItemSettings: () => ({ openAtLogin: electron.openAtLogin }),
      setLoginItemSettings: (s: { openAtLogin: boolean }) => {
        electron.openAtLogin = s.openAtLogin;
      },
    };
    const common = { app, homeDir: "/nonexistent", command: ["/opt/Braid/braid"] };
    platformLoginItem({ ...common, platform: "linux", env: { XDG_CONFIG_HOME: dir } }).set(true);
    expect(existsSync(path.join(dir, "autostart", "braid.desktop"))).toBe(true);
    expect(electron.openAtLogin).toBe(false);
    const mac = platformLoginItem({ ...common, platform: "darwin", env: {} });
    mac.set(true);
    expect(electron.openAtLogin).toBe(true);
    expect(mac.get()).toBe(true);
  });

  it("keeps the setting in memory for the dev bridge", () => {
    const item = memoryLoginItem();
    item.set(true);
    expect(item.get()).toBe(true);
  });
});
