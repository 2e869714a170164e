// The dev bridge's HTTP paths and event envelope, shared by its server and its browser client.

export const bridgeRoutes = {
  invoke: "/__braid/invoke",
  events: "/__braid/events",
  clientScript: "/__braid/bridge-client.js",
  /** POST /__braid/dev/<control>: test controls (cut a path, ...) that no real tunnel has; never in the app. */
  devControlPrefix: "/__braid/dev/",
} as const;

export interface BridgeEvent {
  readonly channel: string;
  readonly payload: unknown;
}

/** Largest request body the bridge reads: a 64 KiB profile import, JSON-escaped (every newline doubles). */
export const maxRequestBytes = 256 * 1024;
