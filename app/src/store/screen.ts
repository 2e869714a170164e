// Which screen shows (Dashboard, Profiles, Settings), kept in the URL's hash so a reload stays where it was.
import { useCallback, useEffect, useState } from "react";

export type Screen = "dashboard" | "profiles" | "settings";
export const screens = ["dashboard", "profiles", "settings"] as const satisfies readonly Screen[];
export const screenLabels: Record<Screen, string> = {
  dashboard: "Dashboard",
  profiles: "Profiles",
  settings: "Settings",
};

export function screenFromHash(hash: string): Screen {
  const name = hash.replace(/^#\/?/, "");
  return screens.find((s) => s === name) ?? "dashboard";
}

/** The screen next to this one for arrow keys, wrapping round; Home and End go to the ends. */
export function neighbourScreen(current: Screen, key: string): Screen | undefined {
  const index = screens.indexOf(current);
  if (key === "ArrowRight") return screens[(index + 1) % screens.length];
  if (key === "ArrowLeft") return screens[(index + screens.length - 1) % screens.length];
  if (key === "Home") return screens[0];
  if (key === "End") return screens[screens.length - 1];
  return undefined;
}

export function useScreen(): [Screen, (next: Screen) => void] {
  const [screen, setScreen] = useState<Screen>(() => screenFromHash(window.location.hash));
  useEffect(() => {
    const follow = () => setScreen(screenFromHash(window.location.hash));
    window.addEventListener("hashchange", follow);
    return () => window.removeEventListener("hashchange", follow);
  }, []);
  const go = useCallback((next: Screen) => {
    // replaceState: switching screens is not history a person wants to step back through.
    window.history.replaceState(null, "", next === "dashboard" ? " " : `#${next}`);
    setScreen(next);
  }, []);
  return [screen, go];
}
