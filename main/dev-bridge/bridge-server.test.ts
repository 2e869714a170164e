// The dev bridge's test controls over real HTTP on loopback: who may call them, and what a bad call says.
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createAppHandlers } from "../ipc/app-handlers";
import { memoryLoginItem } from "../ipc/login-item";
import { memoryThemeStore } from "../ipc/theme-store";
import { createSimulatedTunnel } from "../tunnel/simulated-tunnel";
import { type DevBridge, startDevBridge } from "./bridge-server";
import { simulatedTunnelControls } from "./simulated-tunnel-controls";

let bridge: DevBridge;
const tunnel = createSimulatedTunnel({
  profileName: "lab",
  connectDelayMs: 0,
  pathCount: 3,
  nowMs: () => 0,
  schedule: () => ({ cancel: () => {} }),
});

beforeAll(async () => {
  const appDir = mkdtempSync(path.join(tmpdir(), "braid-bridge-test-"));
  bridge = await startDevBridge({
    appDir,
    clientScriptPath: path.join(appDir, "bridge-client.js"),
    port: 0,
    makeHandlers: () =>
      createAppHandlers({
        tunnel,
        appInfo: { version: "t", platform: "linux" },
        loginItem: memoryLoginItem(),
        theme: memoryThemeStore(),
      }),
    devControls: simulatedTunnelControls(tunnel),
  });
});

afterAll(() => bridge?.close());

async function control(name: string, body: unknown, headers: Record<string, string> = {}) {
  const response = await fetch(new URL(`/__braid/dev/${name}`, bridge.url), {
    method: "POST",
    headers: { "content-type": "application/json", ...headers },
    body: JSON.stringify(body),
  });
  return { status: response.status, body: (await response.json()) as { ok: boolean; error?: string } };
}

describe("dev bridge test controls", () => {
  it("sets the path count while disconnected", async () => {
    expect(await control("path-count", { count: 8 })).toEqual({
      status: 200,
      body: { ok: true, result: { count: 8 } },
    });
  });

  it("refuses a page from another origin", async () => {
    const { status, body } = await control("path-count", { count: 2 }, { origin: "http://evil.invalid" });
    expect(status).toBe(403);
    expect(body.error).toContain("refused for origin http://evil.invalid");
  });

  it("names the field of a bad argument and lists the controls for an unknown one", async () => {
    expect((await control("path-count", { count: 9 })).body.error).toBe(
      "path-count.count: must be an integer in 1..8, got 9",
    );
    expect((await control("cut-path", { interface: "eth0; rm -rf /" })).body.error).toContain(
      "cut-path.interface: must be",
    );
    const unknown = await control("toString", {});
    expect(unknown.status).toBe(404);
    expect(unknown.body.error).toBe(
      'unknown dev control "toString"; known: cut-path, restore-path, path-count, backfill',
    );
  });

  it("cannot cut a path before connecting, and says what exists", async () => {
    expect((await control("cut-path", { interface: "eth0" })).body.error).toBe(
      'no simulated path "eth0"; the paths are: none (not connected)',
    );
  });
});
