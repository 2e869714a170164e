// Keeps the tray and the desktop notifications in step with the tunnel; Electron's objects come in behind small interfaces.
import type { TunnelState } from "../../helper/control/tunnel-state";
import { type DesktopNotification, NotificationPolicy } from "../notify/notifications";
import { type HelperTunnel, isHelperUnavailable } from "../tunnel/helper-tunnel";
import { type TrayAction, type TrayMenuModel, trayMenu } from "./tray-menu";

export interface TrayView {
  show(model: TrayMenuModel, dispatch: (action: TrayAction) => void): void;
}

export interface TrayWiringDeps {
  readonly tunnel: HelperTunnel;
  readonly view: TrayView;
  readonly notify: (notification: DesktopNotification) => void;
  readonly openWindow: () => void;
  readonly quit: () => void;
  readonly nowMs: () => number;
  readonly log: (line: string) => void;
}

/** Returns a function that stops following the tunnel. */
export function wireTray(deps: TrayWiringDeps): () => void {
  const { tunnel, view } = deps;
  const policy = new NotificationPolicy({ nowMs: deps.nowMs });
  let stopped = false;
  /** Profiles change rarely and only through the helper: re-read them with each state change and menu action. */
  let refreshes = 0;

  async function refresh(): Promise<void> {
    const ticket = ++refreshes;
    const state: TunnelState = tunnel.getState();
    const profiles = await tunnel.listProfiles().catch(() => []);
    // A newer refresh started while this one waited for the helper: let it draw.
    if (stopped || ticket !== refreshes) return;
    const model = trayMenu({
      state: tunnel.getState(),
      profiles,
      lastProfile: tunnel.lastProfile(),
      mode: tunnel.getMode(),
      helperUnavailable: isHelperUnavailable(state),
    });
    view.show(model, dispatch);
  }

  function run(what: string, job: () => Promise<unknown>): void {
    job().then(
      () => refresh(),
      (error: unknown) => deps.log(`braid tray: ${what} failed: ${(error as Error).message}`),
    );
  }

  function dispatch(action: TrayAction): void {
    if (action.kind === "connect") run("connect", () => tunnel.connect());
    else if (action.kind === "disconnect") run("disconnect", () => tunnel.disconnect());
    else if (action.kind === "use-profile")
      run(`switching to ${action.profileName}`, () => tunnel.useProfile(action.profileName));
    else if (action.kind === "set-mode")
      run(`setting the mode to ${action.mode}`, () => tunnel.setMode(action.mode));
    else if (action.kind === "open-window") deps.openWindow();
    else deps.quit();
  }

  const stops = [
    tunnel.onStateChanged((state) => {
      void refresh();
      const notice = policy.onStateChanged(state);
      if (notice) deps.notify(notice);
    }),
    tunnel.onPathEvent((event) => {
      const notice = policy.onPathEvent(event);
      if (notice) deps.notify(notice);
    }),
  ];
  void refresh();
  return () => {
    stopped = true;
    for (const stop of stops) stop();
  };
}
