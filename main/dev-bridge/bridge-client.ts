// Browser side of the dev bridge: builds window.braid from the IPC schema over fetch and server-sent events.
import { createBraidApi, type RendererTransport } from "../ipc/renderer-api";
import { type BridgeEvent, bridgeRoutes } from "./bridge-routes";

function createHttpTransport(): RendererTransport {
  const listeners = new Map<string, Set<(payload: unknown) => void>>();
  const events = new EventSource(bridgeRoutes.events);
  events.onmessage = (message) => {
    const event = JSON.parse(message.data as string) as BridgeEvent;
    for (const listener of listeners.get(event.channel) ?? []) listener(event.payload);
  };
  return {
    async invoke(channel, arg) {
      const response = await fetch(bridgeRoutes.invoke, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ channel, arg: arg ?? null }),
      });
      const body = (await response.json()) as { ok: true; result: unknown } | { ok: false; error: string };
      if (!body.ok) throw new Error(body.error);
      return body.result;
    },
    subscribe(channel, listener) {
      const set = listeners.get(channel) ?? new Set();
      listeners.set(channel, set);
      set.add(listener);
      return () => set.delete(listener);
    },
  };
}

Object.defineProperty(window, "braid", {
  value: Object.freeze(createBraidApi(createHttpTransport())),
  writable: false,
});
