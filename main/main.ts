// Electron's entry: thin glue that hands Electron's objects to the tested modules beside it.
import path from "node:path";
import { pathToFileURL } from "node:url";
import { app, BrowserWindow, ipcMain, Menu, Notification, nativeImage, session, Tray } from "electron";
import { DEFAULT_SOCKET_PATH } from "../helper/control/control-schema";
import { createAppHandlers } from "./ipc/app-handlers";
import { platformLoginItem } from "./ipc/login-item";
import { createMainNotifier, registerMainHandlers } from "./ipc/main-handlers";
import { createSenderCheck } from "./ipc/sender-check";
import { fileThemeStore } from "./ipc/theme-store";
import { forwardTunnelNotifications } from "./ipc/tunnel-notifications";
import { electronMenuTemplate } from "./tray/tray-electron-template";
import type { TrayIconName } from "./tray/tray-menu";
import { wireTray } from "./tray/tray-wiring";
import { createHelperTunnel } from "./tunnel/helper-tunnel";
import { fileLastProfileStore } from "./tunnel/last-profile-store";
import { hardenSession, hardenWebContents, secureWebPreferences } from "./window/secure-window";

const appPagePath = path.join(__dirname, "..", "app", "index.html");
const appUrl = pathToFileURL(appPagePath).href;
/** dist/main/main.js, so the repo's (or the package's) assets are two levels up; @2x is picked up beside each. */
const trayIconPath = (name: TrayIconName) => path.join(__dirname, "..", "..", "assets", `tray-${name}.png`);

// A second instance would fight over the tray and the helper connection: focus the first instead.
if (!app.requestSingleInstanceLock()) app.quit();

/** Closing the window keeps Braid in the tray; only Quit (tray, menu, OS) ends it. */
let quitting = false;
app.on("before-quit", () => {
  quitting = true;
});

app.on("web-contents-created", (_event, contents) => {
  hardenWebContents(contents, (what, url) => console.warn(`braid: refused ${what} to ${url}`));
});

app.whenReady().then(() => {
  hardenSession(session.defaultSession);
  const tunnel = createHelperTunnel({
    // BRAID_SOCKET: a helper started by hand (braid helper --socket PATH) instead of the service's.
    socketPath: process.env.BRAID_SOCKET ?? DEFAULT_SOCKET_PATH,
    lastProfile: fileLastProfileStore(path.join(app.getPath("userData"), "last-profile.json")),
  });
  const window = new BrowserWindow({
    width: 960,
    height: 680,
    title: "Braid",
    show: false,
    webPreferences: secureWebPreferences(path.join(__dirname, "preload.js")),
  });
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
  const [window] = BrowserWindow.getAllWindows();
  window?.show();
  window?.focus();
});

// The tray keeps Braid running with no window open; quitting is the tray's (or the OS's) to ask for.
app.on("window-all-closed", () => undefined);
