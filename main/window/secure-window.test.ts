import { describe, expect, it } from "vitest";
import { contentSecurityPolicy } from "./content-security-policy";
import {
  type HardenableContents,
  type HardenableSession,
  hardenSession,
  hardenWebContents,
  secureWebPreferences,
} from "./secure-window";

describe("secure window", () => {
  it("uses context isolation, the sandbox and no Node in the renderer", () => {
    expect(secureWebPreferences("/app/preload.js")).toMatchObject({
      preload: "/app/preload.js",
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webviewTag: false,
    });
  });

  it("denies navigation, redirects, webviews and window.open", () => {
    const listeners = new Map<string, (event: { preventDefault(): void }, url: string) => void>();
    let openHandler: ((details: { url: string }) => { action: "deny" }) | undefined;
    const contents = {
      on: (event: string, listener: (event: { preventDefault(): void }, url: string) => void) =>
        listeners.set(event, listener),
      setWindowOpenHandler: (handler: (details: { url: string }) => { action: "deny" }) => {
        openHandler = handler;
      },
    } as unknown as HardenableContents;
    const refused: string[] = [];
    hardenWebContents(contents, (what, url) => refused.push(`${what} ${url}`));
    for (const event of ["will-navigate", "will-redirect", "will-attach-webview"]) {
      let prevented = false;
      listeners.get(event)?.({ preventDefault: () => (prevented = true) }, "https://evil.example/");
      expect(prevented, event).toBe(true);
    }
    expect(openHandler?.({ url: "https://evil.example/popup" })).toEqual({ action: "deny" });
    expect(refused).toContain("window.open https://evil.example/popup");
  });

  it("refuses every permission and adds the CSP to responses", () => {
    let requestHandler: Parameters<HardenableSession["setPermissionRequestHandler"]>[0] | undefined;
    let checkHandler: Parameters<HardenableSession["setPermissionCheckHandler"]>[0] | undefined;
    let headers: Parameters<HardenableSession["webRequest"]["onHeadersReceived"]>[0] | undefined;
    hardenSession({
      setPermissionRequestHandler: (h) => (requestHandler = h),
      setPermissionCheckHandler: (h) => (checkHandler = h),
      webRequest: { onHeadersReceived: (l) => (headers = l) },
    });
    for (const permission of ["media", "geolocation", "notifications", "clipboard-read"]) {
      let granted: boolean | undefined;
      requestHandler?.({}, permission, (g) => (granted = g));
      expect(granted, permission).toBe(false);
      expect(checkHandler?.({}, permission)).toBe(false);
    }
    let responseHeaders: Record<string, string[]> | undefined;
    headers?.({ responseHeaders: { "x-a": ["1"] } }, (r) => (responseHeaders = r.responseHeaders));
    expect(responseHeaders).toEqual({ "x-a": ["1"], "Content-Security-Policy": [contentSecurityPolicy] });
    expect(contentSecurityPolicy).toContain("default-src 'none'");
    expect(contentSecurityPolicy).not.toContain("unsafe");
  });
});
