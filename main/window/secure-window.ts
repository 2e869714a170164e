// Locks the renderer down: secure webPreferences, no navigation, no new windows, no permissions, a CSP on every response.
// Takes Electron's objects as narrow interfaces so the rules can be tested without Electron.
import { contentSecurityPolicy } from "./content-security-policy";

export interface SecureWebPreferences {
  readonly preload: string;
  readonly contextIsolation: true;
  readonly sandbox: true;
  readonly nodeIntegration: false;
  readonly nodeIntegrationInWorker: false;
  readonly nodeIntegrationInSubFrames: false;
  readonly webSecurity: true;
  readonly allowRunningInsecureContent: false;
  readonly webviewTag: false;
  readonly spellcheck: false;
}

export function secureWebPreferences(preloadPath: string): SecureWebPreferences {
  return {
    preload: preloadPath,
    contextIsolation: true,
    sandbox: true,
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    nodeIntegrationInSubFrames: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    webviewTag: false,
    spellcheck: false,
  };
}

/** The part of WebContents the hardening touches. */
export interface HardenableContents {
  on(
    event: "will-navigate" | "will-redirect",
    listener: (event: { preventDefault(): void }, url: string) => void,
  ): void;
  on(event: "will-attach-webview", listener: (event: { preventDefault(): void }) => void): void;
  setWindowOpenHandler(handler: (details: { url: string }) => { action: "deny" }): void;
}

/** Denies every navigation away from the app's page, every window.open and every <webview>. */
export function hardenWebContents(
  contents: HardenableContents,
  onRefused: (what: string, url: string) => void,
): void {
  const refuse = (event: { preventDefault(): void }, url: string) => {
    event.preventDefault();
    onRefused("navigation", url);
  };
  contents.on("will-navigate", refuse);
  contents.on("will-redirect", refuse);
  contents.on("will-attach-webview", (event) => {
    event.preventDefault();
    onRefused("webview", "");
  });
  contents.setWindowOpenHandler(({ url }) => {
    onRefused("window.open", url);
    return { action: "deny" };
  });
}

/** The part of Electron's Session the hardening touches. */
export interface HardenableSession {
  setPermissionRequestHandler(
    handler: (contents: unknown, permission: string, callback: (granted: boolean) => void) => void,
  ): void;
  setPermissionCheckHandler(handler: (contents: unknown, permission: string) => boolean): void;
  webRequest: {
    onHeadersReceived(
      listener: (
        details: { responseHeaders?: Record<string, string[]> },
        callback: (response: { responseHeaders: Record<string, string[]> }) => void,
      ) => void,
    ): void;
  };
}

/** Refuses every permission (camera, notifications from web content, ...) and adds the CSP header to responses. */
export function hardenSession(session: HardenableSession): void {
  session.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  session.setPermissionCheckHandler(() => false);
  session.webRequest.onHeadersReceived((details, callback) => {
    callback({
      responseHeaders: { ...details.responseHeaders, "Content-Security-Policy": [contentSecurityPolicy] },
    });
  });
}
