// Electron's entry: thin glue that hands Electron's objects to the tested modules beside it.
import path from "node:path";
import { pathToFileURL } from "node:url";
import {
  app,
  BrowserWindow,
  dialog,
  ipcMain,
  Menu,
  Notification,
  nativeImage,
  screen,
  session,
  Tray,
} from "electron";
import { DEFAULT_SOCKET_PATH } from "../helper/control/control-schema";
import { createAppHandlers } from "./ipc/app-handlers";
import { platformLoginItem } from "./ipc/login-item";
import { createMainNotifier, registerMainHandlers } from "./ipc/main-handlers";
import { createSenderCheck } from "./ipc/sender-check";
import { fileThemeStore } from "./ipc/theme-store";
import { forwardTunnelNotifications } from "./ipc/tunnel-notifications";
import type { HelperSupervisor } from "./supervisor/helper-supervisor";
import { askThroughMessageBox, createRealSupervisor } from "./supervisor/supervisor-wiring";
import { electronMenuTemplate } from "./tray/tray-electron-template";
import type { TrayIconName } from "./tray/tray-menu";
import { wireTray } from "./tray/tray-wiring";
import { createHelperTunnel } from "./tunnel/helper-tunnel";
import { fileLastProfileStore } from "./tunnel/last-profile-store";
import { hardenSession, hardenWebContents, secureWebPreferences } from "./window/secure-window";
import { placeWindow } from "./window/window-bounds";
import { fileWindowBoundsStore, trackWindowBounds } from "./window/window-bounds-store";

const appPagePath = path.join(__dirname, "..", "app", "index.html");
const appUrl = pathToFileURL(appPagePath).href;
/** dist/main/main.js, so the repo's (or the package's) assets are two levels up; @2x is picked up beside each. */
const trayIconPath = (name: TrayIconName) => path.join(__dirname, "..", "..", "assets", `tray-${name}.png`);

// A second instance would fight over the tray and the helper connection: focus the first instead.
if (!app.requestSingleInstanceLock()) app.quit();

/** Closing the window keeps Braid in the tray; only Quit (tray, menu, OS) ends it. */
let quitting = false;
/** Finds the helper missing, of another version or not running, and installs or starts it (Linux). */
let supervisor: HelperSupervisor | undefined;
app.on("before-quit", () => {
  quitting = true;
});

app.on("web-contents-created", (_event, contents) => {
  hardenWebContents(contents, (what, url) => console.warn(`braid: refused ${what} to ${url}`));
});

app.whenReady().then(() => {
  hardenSession(session.defaultSession);
  // BRAID_SOCKET: a helper started by hand (braid helper --socket PATH) instead of the service's.
  const socketPath = process.env.BRAID_SOCKET ?? DEFAULT_SOCKET_PATH;
  const tunnel = createHelperTunnel({
    socketPath,
    lastProfile: fileLastProfileStore(path.join(app.getPath("userData"), "last-profile.json")),
  });
  // A hand-started helper is its starter's to look after; BRAID_NO_HELPER_SETUP=1 leaves the helper alone (tests).
  if (
    process.platform === "linux" &&
    !process.env.BRAID_SOCKET &&
    process.env.BRAID_NO_HELPER_SETUP !== "1"
  ) {
    supervisor = createRealSupervisor({
      appVersion: app.getVersion(),
      socketPath,
      mainDir: __dirname,
      tempDir: app.getPath("temp"),
      ask: askThroughMessageBox((request) => dialog.showMessageBox(request)),
    });
    void supervisor.check();
  }
  const windowStore = fileWindowBoundsStore(path.join(app.getPath("userData"), "window-state.json"));
  // The primary display first: a window saved on a monitor that is gone comes back there.
  const workAreas = [screen.getPrimaryDisplay(), ...screen.getAllDisplays()].map((d) => d.workArea);
  const placed = placeWindow(windowStore.load(), workAreas, { width: 960, height: 680 });
  const window = new BrowserWindow({
    ...placed.bounds,
    title: "Braid",
    show: false,
    webPreferences: secureWebPreferences(path.join(__dirname, "preload.js")),
  });
  if (placed.maximized) window.maximize();
  trackWindowBounds(window, windowStore, 500, (line) => console.warn(line));
  window.on("close", (event) => {
    if (quitting) return;
    event.preventDefault();
    window.hide();
  });
  const openWindow = () => {
    window.show();
    window.focus();
  };
  const notifier = createMainNotifier((channel, payload) => {
    if (!window.isDestroyed()) window.webContents.send(channel, payload);
  });
  forwardTunnelNotifications(tunnel, notifier);
  registerMainHandlers(
    ipcMain,
    createAppHandlers({
      tunnel,
      appInfo: { version: app.getVersion(), platform: process.platform },
      loginItem: platformLoginItem({
        platform: process.platform,
        app,
        env: process.env,
        homeDir: app.getPath("home"),
        // Packaged, the binary is Braid; in development it is Electron and needs the app's folder after it.
        command: app.isPackaged ? [process.execPath] : [process.execPath, app.getAppPath()],
      }),
      theme: fileThemeStore(path.join(app.getPath("userData"), "theme.json")),
    }),
    createSenderCheck(appUrl),
  );

  const tray = new Tray(nativeImage.createFromPath(trayIconPath("disconnected")));
  tray.on("click", openWindow);
  wireTray({
    tunnel,
    view: {
      show(model, dispatch) {
        tray.setImage(nativeImage.createFromPath(trayIconPath(model.icon)));
        tray.setToolTip(model.tooltip);
        tray.setContextMenu(Menu.buildFromTemplate(electronMenuTemplate(model.items, dispatch)));
      },
    },
    notify: ({ title, body }) => {
      if (Notification.isSupported()) new Notification({ title, body }).show();
    },
    openWindow,
    quit: () => app.quit(),
    nowMs: Date.now,
    log: (line) => console.warn(line),
  });
  app.on("will-quit", () => tunnel.close());

  window.once("ready-to-show", () => window.show());
  void window.loadURL(appUrl);
});

app.on("second-instance", () => {
  // Launching Braid again is how a user who declined (or saw a failure) is asked again.
  if (supervisor && supervisor.state.state !== "connected") void supervisor.check();
  const [window] = BrowserWindow.getAllWindows();
  window?.show();
  window?.focus();
});

// The tray keeps Braid running with no window open; quitting is the tray's (or the OS's) to ask for.
app.on("window-all-closed", () => undefined);
