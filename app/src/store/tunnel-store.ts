// Zustand store for the tunnel: mirrors main's state and runs the connect toggle.
import { create } from "zustand";
import type { TunnelState } from "../../../helper/control/tunnel-state";
import { isTunnelActive } from "../../../helper/control/tunnel-state";
import type { BraidApi } from "../../../main/ipc/ipc-schema";

interface TunnelStore {
  readonly tunnel: TunnelState | undefined;
  /** A toggle request is in flight; the button is disabled meanwhile so clicks cannot pile up. */
  readonly busy: boolean;
  readonly requestError: string | undefined;
  start(api: BraidApi): () => void;
  toggle(api: BraidApi): Promise<void>;
}

export const useTunnelStore = create<TunnelStore>((set, get) => ({
  tunnel: undefined,
  busy: false,
  requestError: undefined,
  start(api) {
    const unsubscribe = api.tunnel.onStateChanged((tunnel) => set({ tunnel }));
    api.tunnel.getState().then(
      (tunnel) => set({ tunnel }),
      (error: unknown) => set({ requestError: String(error) }),
    );
    return unsubscribe;
  },
  async toggle(api) {
    const { tunnel, busy } = get();
    if (busy) return;
    set({ busy: true, requestError: undefined });
    try {
      const next =
        tunnel && isTunnelActive(tunnel) ? await api.tunnel.disconnect() : await api.tunnel.connect();
      set({ tunnel: next });
    } catch (error) {
      set({ requestError: error instanceof Error ? error.message : String(error) });
    } finally {
      set({ busy: false });
    }
  },
}));
