// Electron's entry: thin glue that hands Electron's objects to the tested modules beside it.
import path from "node:path";
import { pathToFileURL } from "node:url";
import { app, BrowserWindow, ipcMain, session } from "electron";
import { createAppHandlers } from "./ipc/app-handlers";
import { createMainNotifier, registerMainHandlers } from "./ipc/main-handlers";
import { createSenderCheck } from "./ipc/sender-check";
import { forwardTunnelNotifications } from "./ipc/tunnel-notifications";
import { createHelperUnavailableTunnel } from "./tunnel/helper-unavailable-tunnel";
import { hardenSession, hardenWebContents, secureWebPreferences } from "./window/secure-window";

const appPagePath = path.join(__dirname, "..", "app", "index.html");
const appUrl = pathToFileURL(appPagePath).href;

// A second instance would fight over the tray and the helper connection: focus the first instead.
if (!app.requestSingleInstanceLock()) app.quit();

app.on("web-contents-created", (_event, contents) => {
  hardenWebContents(contents, (what, url) => console.warn(`braid: refused ${what} to ${url}`));
});

app.whenReady().then(() => {
  hardenSession(session.defaultSession);
  const tunnel = createHelperUnavailableTunnel();
  const window = new BrowserWindow({
    width: 960,
    height: 680,
    title: "Braid",
    show: false,
    webPreferences: secureWebPreferences(path.join(__dirname, "preload.js")),
  });
  const notifier = createMainNotifier((channel, payload) => {
    if (!window.isDestroyed()) window.webContents.send(channel, payload);
  });
  forwardTunnelNotifications(tunnel, notifier);
  registerMainHandlers(
    ipcMain,
    createAppHandlers({ tunnel, appInfo: { version: app.getVersion(), platform: process.platform } }),
    createSenderCheck(appUrl),
  );
  window.once("ready-to-show", () => window.show());
  void window.loadURL(appUrl);
});

app.on("second-instance", () => {
  const [window] = BrowserWindow.getAllWindows();
  window?.show();
  window?.focus();
});

app.on("window-all-closed", () => app.quit());
