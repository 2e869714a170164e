// Zustand store for the Settings screen: main's settings, one change at a time, and the theme applied to the page.
import { create } from "zustand";
import type { BraidApi } from "../../../main/ipc/ipc-schema";
import type { AppSettings, Theme } from "../../../main/ipc/settings-types";
import { applyTheme } from "../theme/theme";

type Change =
  | { readonly kind: "killSwitch"; readonly enabled: boolean }
  | { readonly kind: "startAtLogin"; readonly enabled: boolean }
  | { readonly kind: "probeRate"; readonly hz: number }
  | { readonly kind: "theme"; readonly theme: Theme };

interface SettingsStore {
  readonly settings: AppSettings | undefined;
  /** Which setting is being changed; its control shows busy meanwhile. */
  readonly busy: Change["kind"] | undefined;
  readonly error: string | undefined;
  load(api: BraidApi): Promise<void>;
  change(api: BraidApi, change: Change): Promise<void>;
}

function send(api: BraidApi, change: Change): Promise<AppSettings> {
  switch (change.kind) {
    case "killSwitch":
      return api.settings.setKillSwitch({ enabled: change.enabled });
    case "startAtLogin":
      return api.settings.setStartAtLogin({ enabled: change.enabled });
    case "probeRate":
      return api.settings.setProbeRate({ hz: change.hz });
    case "theme":
      return api.settings.setTheme({ theme: change.theme });
  }
}

const message = (error: unknown) => (error instanceof Error ? error.message : String(error));

export const useSettingsStore = create<SettingsStore>((set, get) => ({
  settings: undefined,
  busy: undefined,
  error: undefined,
  async load(api) {
    try {
      const settings = await api.settings.get();
      applyTheme(settings.theme);
      set({ settings, error: undefined });
    } catch (error) {
      set({ error: message(error) });
    }
  },
  async change(api, change) {
    if (get().busy) return;
    // The theme shows at once; main's answer confirms it (or the next load puts the stored one back).
    const current = get().settings;
    if (change.kind === "theme") {
      applyTheme(change.theme);
      if (current) set({ settings: { ...current, theme: change.theme } });
    }
    set({ busy: change.kind, error: undefined });
    try {
      const settings = await send(api, change);
      applyTheme(settings.theme);
      set({ settings });
    } catch (error) {
      set({ error: message(error) });
      await get().load(api);
    } finally {
      set({ busy: undefined });
    }
  },
}));
