// The preload: exposes exactly one object, window.braid, built from the IPC schema over ipcRenderer.
import { contextBridge, ipcRenderer } from "electron";
import { createBraidApi } from "./ipc/renderer-api";

contextBridge.exposeInMainWorld(
  "braid",
  createBraidApi({
    invoke: (channel, arg) => ipcRenderer.invoke(channel, arg),
    subscribe: (channel, listener) => {
      const forward = (_event: unknown, payload: unknown) => listener(payload);
      ipcRenderer.on(channel, forward);
      return () => {
        ipcRenderer.removeListener(channel, forward);
      };
    },
  }),
);
