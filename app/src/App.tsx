// The app's shell: header, the connection card and the live dashboard, fed by the typed window.braid API.
import { useEffect } from "react";
import type { BraidApi } from "../../main/ipc/ipc-schema";
import { ConnectionCard } from "./components/ConnectionCard";
import { Dashboard } from "./components/Dashboard";
import { usePathsStore } from "./store/paths-store";
import { useTunnelStore } from "./store/tunnel-store";

export function App({ api }: { readonly api: BraidApi }) {
  const { tunnel, busy, requestError, start, toggle } = useTunnelStore();
  const startPaths = usePathsStore((s) => s.start);
  useEffect(() => start(api), [api, start]);
  useEffect(() => startPaths(api), [api, startPaths]);
  return (
    <main className="app">
      <header className="app-header">
        <h1 className="brand">Braid</h1>
        <span className="tagline">every link, one tunnel</span>
      </header>
      <ConnectionCard
        tunnel={tunnel}
        busy={busy}
        requestError={requestError}
        onToggle={() => void toggle(api)}
      />
      <Dashboard api={api} />
    </main>
  );
}
