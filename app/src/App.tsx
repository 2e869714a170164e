// The app's shell: header with the screen tabs, then the Dashboard, Profiles or Settings screen, fed by window.braid.
import { useEffect } from "react";
import type { BraidApi } from "../../main/ipc/ipc-schema";
import { ConnectionCard } from "./components/ConnectionCard";
import { Dashboard } from "./components/Dashboard";
import { ProfilesScreen } from "./components/ProfilesScreen";
import { panelId, ScreenTabs, tabId } from "./components/ScreenTabs";
import { SettingsScreen } from "./components/SettingsScreen";
import { usePathsStore } from "./store/paths-store";
import { useScreen } from "./store/screen";
import { useSettingsStore } from "./store/settings-store";
import { useTunnelStore } from "./store/tunnel-store";

export function App({ api }: { readonly api: BraidApi }) {
  const { tunnel, busy, requestError, start, toggle } = useTunnelStore();
  const startPaths = usePathsStore((s) => s.start);
  const loadSettings = useSettingsStore((s) => s.load);
  const [screen, setScreen] = useScreen();
  useEffect(() => start(api), [api, start]);
  useEffect(() => startPaths(api), [api, startPaths]);
  // Settings load at start, whatever the screen: the theme is one of them.
  useEffect(() => void loadSettings(api), [api, loadSettings]);
  return (
    <main className="app">
      <header className="app-header">
        <h1 className="brand">Braid</h1>
        <span className="tagline">every link, one tunnel</span>
        <ScreenTabs screen={screen} onChange={setScreen} />
      </header>
      <div role="tabpanel" id={panelId(screen)} aria-labelledby={tabId(screen)} className="screen-panel">
        {screen === "dashboard" && (
          <>
            <ConnectionCard
              tunnel={tunnel}
              busy={busy}
              requestError={requestError}
              onToggle={() => void toggle(api)}
            />
            <Dashboard api={api} />
          </>
        )}
        {screen === "profiles" && <ProfilesScreen api={api} />}
        {screen === "settings" && <SettingsScreen api={api} />}
      </div>
    </main>
  );
}
