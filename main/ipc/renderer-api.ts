// Builds window.braid from the schema over any transport (Electron's ipcRenderer in the preload, HTTP in the dev bridge).
import { type BraidApi, channelName, schemaEntries } from "./ipc-schema";

export interface RendererTransport {
  invoke(channel: string, arg: unknown): Promise<unknown>;
  subscribe(channel: string, listener: (payload: unknown) => void): () => void;
}

export function createBraidApi(transport: RendererTransport): BraidApi {
  const api: Record<string, Record<string, unknown>> = {};
  for (const { group, key, spec } of schemaEntries()) {
    const target = api[group] ?? {};
    api[group] = target;
    const channel = channelName(group, key);
    if (spec.kind === "invoke") {
      target[key] = (arg?: unknown) => transport.invoke(channel, arg);
    } else {
      const name = `on${key.charAt(0).toUpperCase()}${key.slice(1)}`;
      target[name] = (listener: (payload: unknown) => void) => {
        if (typeof listener !== "function") throw new TypeError(`${group}.${name} needs a listener function`);
        return transport.subscribe(channel, listener);
      };
    }
  }
  // The mapped type is built key by key above from the same schema the type is derived from.
  return api as unknown as BraidApi;
}
