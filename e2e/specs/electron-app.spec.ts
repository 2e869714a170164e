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
  test.skip(
    !binary,
    "no Electron binary installed here (its download is blocked); the renderer is covered in Chromium",
  );
  const app = await electron.launch({ executablePath: binary, args: [root] });
  try {
    const window = await app.firstWindow();
    await expect(window.getByTestId("tunnel-state")).toHaveText("Disconnected");
    const exposed = await window.evaluate(() => ({
      braid: typeof (window as unknown as { braid?: unknown }).braid,
      require: typeof (window as unknown as { require?: unknown }).require,
      process: typeof (window as unknown as { process?: unknown }).process,
    }));
    expect(exposed).toEqual({ braid: "object", require: "undefined", process: "undefined" });
    const prefs = await app.evaluate(({ BrowserWindow }) => {
      const [win] = BrowserWindow.getAllWindows();
      const p = win?.webContents.getLastWebPreferences();
      return {
        contextIsolation: p?.contextIsolation,
        sandbox: p?.sandbox,
        nodeIntegration: p?.nodeIntegration,
      };
    });
    expect(prefs).toEqual({ contextIsolation: true, sandbox: true, nodeIntegration: false });
  } finally {
    await app.close();
  }
});
