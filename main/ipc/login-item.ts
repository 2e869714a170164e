// Start at login: one small interface main's settings handlers use, with Electron's login items on macOS and
// Windows and an XDG autostart entry on Linux (where Electron's setLoginItemSettings does nothing).
import { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";

export interface LoginItem {
  get(): boolean;
  set(enabled: boolean): void;
}

/** In memory only: the dev bridge and tests. */
export function memoryLoginItem(initial = false): LoginItem {
  let enabled = initial;
  return {
    get: () => enabled,
    set: (next) => {
      enabled = next;
    },
  };
}

/** The part of Electron's app this uses. */
export interface ElectronLoginItems {
  getLoginItemSettings(): { readonly openAtLogin: boolean };
  setLoginItemSettings(settings: { openAtLogin: boolean }): void;
}

export function electronLoginItem(app: ElectronLoginItems): LoginItem {
  return {
    get: () => app.getLoginItemSettings().openAtLogin,
    set: (enabled) => app.setLoginItemSettings({ openAtLogin: enabled }),
  };
}

/** Quotes one argument for a desktop entry's Exec key (the Desktop Entry spec's rules for reserved characters). */
export function desktopExecArg(arg: string): string {
  if (/^[A-Za-z0-9_@%+=:,./-]+$/.test(arg)) return arg;
  return `"${arg.replace(/["`$\\]/g, (c) => `\\${c}`)}"`;
}

/**
 * ~/.config/autostart/braid.desktop, which every XDG desktop (GNOME, KDE, Xfce, ...) starts at login. Its presence
 * is the setting, so removing the file by hand turns it off too.
 */
export function xdgAutostartLoginItem(options: {
  readonly configDir: string;
  readonly command: readonly string[];
}): LoginItem {
  const file = path.join(options.configDir, "autostart", "braid.desktop");
  return {
    get() {
      try {
        return readFileSync(file, "utf8").includes("X-Braid-Autostart=true");
      } catch {
        return false;
      }
    },
    set(enabled) {
      if (!enabled) {
        rmSync(file, { force: true });
        return;
      }
      const entry = [
        "[Desktop Entry]",
        "Type=Application",
        "Name=Braid",
        "Comment=Multipath VPN: starts in the tray",
        `Exec=${options.command.map(desktopExecArg).join(" ")}`,
        "Terminal=false",
        "X-Braid-Autostart=true",
        "",
      ].join("\n");
      mkdirSync(path.dirname(file), { recursive: true });
      const temporary = `${file}.tmp`;
      writeFileSync(temporary, entry);
      renameSync(temporary, file);
    },
  };
}

/** Picks the right one for this platform; `command` starts this app again (binary, and the app's path in dev). */
export function platformLoginItem(options: {
  readonly platform: NodeJS.Platform;
  readonly app: ElectronLoginItems;
  readonly env: NodeJS.ProcessEnv;
  readonly homeDir: string;
  readonly command: readonly string[];
}): LoginItem {
  if (options.platform !== "linux") return electronLoginItem(options.app);
  const configDir = options.env.XDG_CONFIG_HOME || path.join(options.homeDir, ".config");
  return xdgAutostartLoginItem({ configDir, command: options.command });
}
