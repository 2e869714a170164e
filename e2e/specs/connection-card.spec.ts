// The connection card in real Chromium through the dev bridge (simulated tunnel: the helper's control API is not built yet).
import path from "node:path";
import { expect, test } from "@playwright/test";
import { artifactsDir, devBridgePerFile, watchConsoleErrors } from "../support/bridge-spec";

const bridge = devBridgePerFile();

test("connection card: toggle connects and disconnects (simulated tunnel, no helper yet)", async ({
  page,
}) => {
  const expectNoConsoleErrors = watchConsoleErrors(page);
  await page.goto(bridge().url);

  const state = page.getByTestId("tunnel-state");
  const toggle = page.getByRole("switch", { name: "Connect" });
  await expect(state).toHaveText("Disconnected");
  await expect(toggle).toHaveAttribute("aria-checked", "false");

  await toggle.click();
  await expect(state).toHaveText("Connecting…");
  await expect(state).toHaveText("Connected", { timeout: 5_000 });
  const disconnect = page.getByRole("switch", { name: "Disconnect" });
  await expect(disconnect).toHaveAttribute("aria-checked", "true");
  await expect(page.getByText("3 paths bonded")).toBeVisible();

  await page.screenshot({ path: path.join(artifactsDir, "connection-card-connected.png") });

  await disconnect.click();
  await expect(state).toHaveText("Disconnected");
  expectNoConsoleErrors();
});

test("connection card: keyboard alone can toggle", async ({ page }) => {
  await page.goto(bridge().url);
  await expect(page.getByTestId("tunnel-state")).toHaveText("Disconnected");
  await page.keyboard.press("Tab"); // the screen tabs come first: one tab stop for the three
  await expect(page.getByRole("tab", { name: "Dashboard" })).toBeFocused();
  await page.keyboard.press("Tab");
  await expect(page.getByRole("switch", { name: "Connect" })).toBeFocused();
  await page.keyboard.press("Enter");
  await expect(page.getByTestId("tunnel-state")).toHaveText("Connected", { timeout: 5_000 });
  await page.keyboard.press("Enter");
  await expect(page.getByTestId("tunnel-state")).toHaveText("Disconnected");
});

test("IPC from another origin is refused by main's sender check", async ({ page, request }) => {
  await page.goto(bridge().url);
  const response = await request.post(new URL("/__braid/invoke", bridge().url).href, {
    headers: { origin: "http://evil.invalid", referer: "http://evil.invalid/" },
    data: { channel: "braid:tunnel.connect", arg: null },
  });
  const body = (await response.json()) as { ok: boolean; error?: string };
  expect(body.ok).toBe(false);
  expect(body.error).toContain("is not Braid's own window");
  await expect(page.getByTestId("tunnel-state")).toHaveText("Disconnected");
});
