// Forwards everything a TunnelService announces to the renderer through the schema's notifier (app and dev bridge alike).
import type { TunnelService } from "../tunnel/tunnel-service";
import type { MainNotifier } from "./ipc-schema";

/** Returns a function that stops forwarding. */
export function forwardTunnelNotifications(tunnel: TunnelService, notifier: MainNotifier): () => void {
  const stops = [
    tunnel.onStateChanged((state) => notifier.tunnel.stateChanged(state)),
    tunnel.onPathsSample((sample) => notifier.paths.sample(sample)),
    tunnel.onPathEvent((event) => notifier.paths.event(event)),
  ];
  return () => {
    for (const stop of stops) stop();
  };
}
