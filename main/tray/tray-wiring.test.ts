// The tray and notices follow a helper tunnel over a real socket (the helper's own server, fake tunnel underneath).
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import type { DesktopNotification } from "../notify/notifications";
import { home, startHelper, waitFor, work } from "../tunnel/fake-helper";
import { createHelperTunnel } from "../tunnel/helper-tunnel";
import { memoryLastProfileStore } from "../tunnel/last-profile-store";
import type { TrayAction, TrayMenuModel } from "./tray-menu";
import { wireTray } from "./tray-wiring";

describe("tray wiring", () => {
  const cleanups: (() => unknown)[] = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  it("redraws with the state, clicks reach the helper, an outage and its end become notices", async () => {
    const dir = mkdtempSync(path.join(tmpdir(), "braid-tray-"));
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
    const socketPath = path.join(dir, "braid.sock");
    const helper = await startHelper(socketPath, Date.now);
    cleanups.push(() => helper.stop());
    helper.controller.profiles = [home, work];
    const tunnel = createHelperTunnel({ socketPath, lastProfile: memoryLastProfileStore("work") });
    cleanups.push(() => tunnel.close());

    let shown: { model: TrayMenuModel; dispatch: (a: TrayAction) => void } | undefined;
    const notices: DesktopNotification[] = [];
    const opened: string[] = [];
    const stop = wireTray({
      tunnel,
      view: { show: (model, dispatch) => (shown = { model, dispatch }) },
      notify: (n) => notices.push(n),
      openWindow: () => opened.push("window"),
      quit: () => opened.push("quit"),
      nowMs: Date.now,
      log: () => undefined,
    });
    cleanups.push(stop);
    const toggle = () => shown?.model.items[1];

    await waitFor("Connect to work", () => (toggle() as { label?: string })?.label === "Connect to work");
    shown?.dispatch({ kind: "connect" });
    await waitFor("the connecting icon", () => shown?.model.icon === "connecting");
    expect(helper.controller.calls).toEqual(["connect work"]);

    helper.controller.report({ kind: "up", pathsUp: 2, pathsDown: 0 });
    await waitFor("the connected icon", () => shown?.model.icon === "connected");
    expect(toggle()).toMatchObject({ label: "Disconnect from work" });

    helper.controller.report({
      kind: "failover",
      fromInterface: "eth0",
      toInterface: "wlan0",
      detail: "eth0 down",
    });
    helper.controller.report({ kind: "lost", detail: "every path is down" });
    await waitFor("the reconnecting icon", () => shown?.model.icon === "connecting");
    helper.controller.report({ kind: "up", pathsUp: 1, pathsDown: 1 });
    await waitFor("the degraded icon", () => shown?.model.icon === "degraded");
    expect(notices.map((n) => n.title)).toEqual([
      "Failover: eth0 → wlan0",
      "All paths down",
      "Braid recovered",
    ]);

    shown?.dispatch({ kind: "set-mode", mode: "redundant" });
    await waitFor("the mode sent", () => helper.controller.calls.includes("mode redundant"));
    shown?.dispatch({ kind: "open-window" });
    shown?.dispatch({ kind: "quit" });
    expect(opened).toEqual(["window", "quit"]);
  });
});
