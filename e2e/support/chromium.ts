// Where Chromium lives and how it must start here: no sandbox as root, and no background traffic to a closed network.
import { existsSync } from "node:fs";

export const defaultChromiumPath = "/usr/bin/chromium";

export function chromiumPath(): string {
  return process.env.CHROMIUM_PATH ?? defaultChromiumPath;
}

export function chromiumLaunchOptions() {
  const executablePath = chromiumPath();
  if (!existsSync(executablePath)) {
    throw new Error(
      `no Chromium at ${executablePath}: install Debian's (apt-get install chromium) or set CHROMIUM_PATH to a Chromium binary`,
    );
  }
  return {
    executablePath,
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      "--no-first-run",
    ],
  };
}
