// Playwright runs the UI suites in Debian's Chromium (browser downloads are blocked here) or a CHROMIUM_PATH of your choice.
import { defineConfig } from "@playwright/test";
import { chromiumLaunchOptions } from "./support/chromium";

export default defineConfig({
  testDir: "specs",
  outputDir: "../test-results",
  timeout: 60_000,
  workers: 1,
  reporter: [["list"]],
  use: {
    launchOptions: chromiumLaunchOptions(),
    viewport: { width: 960, height: 640 },
    colorScheme: "dark",
  },
});
