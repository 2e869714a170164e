// What main needs from whatever runs the tunnel: the helper's control API in the app, a simulation in the dev bridge.
import type { TunnelState } from "../../helper/control/tunnel-state";

export interface TunnelService {
  getState(): TunnelState;
  connect(): Promise<TunnelState>;
  disconnect(): Promise<TunnelState>;
  /** Returns a function that stops listening. */
  onStateChanged(listener: (state: TunnelState) => void): () => void;
}

/** Keeps the current state and tells listeners when it changes; the shared half of every TunnelService. */
export class TunnelStateHolder {
  private current: TunnelState;
  private readonly listeners = new Set<(state: TunnelState) => void>();

  constructor(initial: TunnelState) {
    this.current = initial;
  }

  get state(): TunnelState {
    return this.current;
  }

  set(next: TunnelState): TunnelState {
    this.current = next;
    for (const listener of this.listeners) listener(next);
    return next;
  }

  subscribe(listener: (state: TunnelState) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}
