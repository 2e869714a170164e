// The handlers behind the IPC schema, shared by the Electron app and the dev bridge so both serve the same behaviour.
import type { TunnelService } from "../tunnel/tunnel-service";
import type { AppInfo, MainHandlers } from "./ipc-schema";
import type { LoginItem } from "./login-item";
import type { AppSettings, TunnelSettingsView } from "./settings-types";
import type { ThemeStore } from "./theme-store";

export interface AppHandlerDeps {
  readonly tunnel: TunnelService;
  readonly appInfo: AppInfo;
  readonly loginItem: LoginItem;
  readonly theme: ThemeStore;
}

export function createAppHandlers(deps: AppHandlerDeps): MainHandlers {
  const { tunnel, appInfo, loginItem, theme } = deps;

  async function tunnelSettings(): Promise<TunnelSettingsView> {
    try {
      return { available: true, ...(await tunnel.getTunnelSettings()) };
    } catch (error) {
      return { available: false, reason: error instanceof Error ? error.message : String(error) };
    }
  }

  async function settings(): Promise<AppSettings> {
    return { tunnel: await tunnelSettings(), startAtLogin: loginItem.get(), theme: theme.load() };
  }

  return {
    tunnel: {
      getState: () => tunnel.getState(),
      connect: () => tunnel.connect(),
      disconnect: () => tunnel.disconnect(),
      getMode: () => ({ mode: tunnel.getMode() }),
      setMode: async ({ mode }) => ({ mode: await tunnel.setMode(mode) }),
    },
    paths: {
      getHistory: () => tunnel.getHistory(),
    },
    profiles: {
      list: () => tunnel.getProfileList(),
      import: ({ name, text }) => tunnel.importProfile(name, text),
      remove: async ({ name }) => {
        await tunnel.removeProfile(name);
        return tunnel.getProfileList();
      },
      setQuickConnect: async ({ name }) => {
        await tunnel.setQuickConnect(name);
        return tunnel.getProfileList();
      },
    },
    settings: {
      get: settings,
      setKillSwitch: async ({ enabled }) => {
        await tunnel.setKillSwitch(enabled);
        return settings();
      },
      setProbeRate: async ({ hz }) => {
        await tunnel.setProbeRate(hz);
        return settings();
      },
      setStartAtLogin: ({ enabled }) => {
        loginItem.set(enabled);
        return settings();
      },
      setTheme: ({ theme: next }) => {
        theme.save(next);
        return settings();
      },
    },
    app: {
      getInfo: () => appInfo,
    },
  };
}
