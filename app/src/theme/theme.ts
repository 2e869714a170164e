// Applies the theme setting to the page: data-theme on <html> picks the CSS variables (styles.css); "system"
// follows the OS's light or dark setting, also when it changes while Braid is open.
import type { Theme } from "../../../main/ipc/settings-types";

export type ResolvedTheme = "dark" | "light";

export function resolveTheme(theme: Theme, systemPrefersLight: boolean): ResolvedTheme {
  if (theme === "system") return systemPrefersLight ? "light" : "dark";
  return theme;
}

/** The last theme picked, kept by the page so the next start paints in it before main has answered. */
const cacheKey = "braid.theme";

export function cachedTheme(storage: Pick<Storage, "getItem">): Theme {
  const value = storage.getItem(cacheKey);
  return value === "dark" || value === "light" ? value : "system";
}

/** The theme for the first frame: the cached choice, or system when the page has no storage. */
export function startupTheme(): Theme {
  try {
    return cachedTheme(window.localStorage);
  } catch {
    return "system";
  }
}

let stopFollowing: (() => void) | undefined;

/** Sets the page's theme now; with "system", keeps following the OS until another theme is applied. */
export function applyTheme(theme: Theme): void {
  stopFollowing?.();
  stopFollowing = undefined;
  const media = window.matchMedia("(prefers-color-scheme: light)");
  const root = document.documentElement;
  const set = () => {
    root.dataset.theme = resolveTheme(theme, media.matches);
    root.dataset.themeSetting = theme;
  };
  set();
  if (theme === "system") {
    media.addEventListener("change", set);
    stopFollowing = () => media.removeEventListener("change", set);
  }
  try {
    window.localStorage.setItem(cacheKey, theme);
  } catch {
    // No storage (a locked-down profile): the theme still applies, the next start just begins with "system".
  }
}
