// The handlers behind the IPC schema, shared by the Electron app and the dev bridge so both serve the same behaviour.
import type { TunnelService } from "../tunnel/tunnel-service";
import type { AppInfo, MainHandlers } from "./ipc-schema";

export function createAppHandlers(deps: { tunnel: TunnelService; appInfo: AppInfo }): MainHandlers {
  const { tunnel, appInfo } = deps;
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
    app: {
      getInfo: () => appInfo,
    },
  };
}
