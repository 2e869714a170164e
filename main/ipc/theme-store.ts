// Remembers the theme a person picked (system, dark or light) across restarts of the app, in main's userData.
import { mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import path from "node:path";
import { type Theme, themes } from "./settings-types";

export interface ThemeStore {
  load(): Theme;
  save(theme: Theme): void;
}

/** Until someone picks one, Braid follows the system's light or dark setting. */
export const defaultTheme: Theme = "system";

const isTheme = (value: unknown): value is Theme => themes.some((t) => t === value);

/** In memory only: the dev bridge and tests. */
export function memoryThemeStore(initial: Theme = defaultTheme): ThemeStore {
  let theme = initial;
  return {
    load: () => theme,
    save: (next) => {
      theme = next;
    },
  };
}

/** A small JSON file; a missing, unreadable or hand-edited unknown value means the default. */
export function fileThemeStore(filePath: string): ThemeStore {
  return {
    load() {
      try {
        const parsed: unknown = JSON.parse(readFileSync(filePath, "utf8"));
        const theme = (parsed as { theme?: unknown }).theme;
        return isTheme(theme) ? theme : defaultTheme;
      } catch {
        return defaultTheme;
      }
    },
    save(theme) {
      mkdirSync(path.dirname(filePath), { recursive: true });
      // Written beside and renamed, so a crash mid-write never leaves half a file.
      const temporary = `${filePath}.tmp`;
      writeFileSync(temporary, `${JSON.stringify({ theme })}\n`);
      renameSync(temporary, filePath);
    },
  };
}
