// Launches the real Electron app where an Electron binary exists; skipped, with the reason, where it does not (as here).
import path from "node:path";
import { _electron as electron, expect, test } from "@playwright/test";
import { findElectronBinary } from "../../main/electron-binary";

const root = path.join(__dirname, "..", "..");
const binary = findElectronBinary({
  packageDir: path.join(root, "node_modules", "electron"),
  env: process.env,
});

test("electron app: window opens locked down with window.braid (needs an Electron binary)", async () => {
  if (binary === undefined) {
    test.skip(
      true,
      "no Electron binary installed here (its download is blocked); the renderer is covered in Chromium",
    );
    return;
  }
  // No helper install dialog during the test: it would wait for a person.
  const app = await electron.launch({
    executablePath: binary,
    args: [root],
    env: { ...process.env, BRAID_NO_HELPER_SETUP: "1" },
  });
  try {
    const page = await app.firstWindow();
    // With no helper running where this runs, the app says so; with one, it shows the helper's state.
    await expect(page.getByTestId("tunnel-state")).toHaveText(/^(Disconnected|Not connected)$/);
    const exposed = await page.evaluate(() => ({
      braid: typeof (window as unknown as { braid?: unknown }).braid,
      require: typeof (window as unknown as { require?: unknown }).require,
      process: typeof (window as unknown as { process?: unknown }).process,
    }));
    expect(exposed).toEqual({ braid: "object", require: "undefined", process: "undefined" });
    // window.open is denied by main's hardening, so the page gets no window back.
    expect(await page.evaluate(() => window.open("https://example.com/") === null)).toBe(true);
  } finally {
    await app.close();
  }
});
