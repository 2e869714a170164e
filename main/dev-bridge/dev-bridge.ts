// Runs the dev bridge from the command line: `node dist/dev-bridge/dev-bridge.mjs [--port N] [--paths 1..8]
// | --helper-socket PATH [--profile NAME]]`; prints its URL on stdout.
import path from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { createAppHandlers } from "../ipc/app-handlers";
import { memoryLoginItem } from "../ipc/login-item";
import { memoryThemeStore } from "../ipc/theme-store";
import { forwardTunnelNotifications } from "../ipc/tunnel-notifications";
import { createHelperTunnel } from "../tunnel/helper-tunnel";
import { memoryLastProfileStore } from "../tunnel/last-profile-store";
import { maxSimulatedPaths } from "../tunnel/simulated-links";
import { createSimulatedTunnel } from "../tunnel/simulated-tunnel";
import type { TunnelService } from "../tunnel/tunnel-service";
import { startDevBridge } from "./bridge-server";
import { simulatedTunnelControls } from "./simulated-tunnel-controls";

const { values } = parseArgs({
  options: {
    port: { type: "string", default: "0" },
    paths: { type: "string" },
    "helper-socket": { type: "string" },
    profile: { type: "string" },
  },
  strict: true,
});
const port = Number(values.port);
if (!Number.isInteger(port) || port < 0 || port > 65535) {
  console.error(`dev-bridge: --port must be an integer 0..65535, got "${values.port}"`);
  process.exit(2);
}
const helperSocket = values["helper-socket"];
if (helperSocket !== undefined && values.paths !== undefined) {
  console.error("dev-bridge: --paths is for the simulated tunnel; a real helper has the paths it has");
  process.exit(2);
}
if (helperSocket === undefined && values.profile !== undefined) {
  console.error(
    "dev-bridge: --profile needs --helper-socket (the simulated tunnel has one built-in profile)",
  );
  process.exit(2);
}
const pathCount = Number(values.paths ?? "3");
if (!Number.isInteger(pathCount) || pathCount < 1 || pathCount > maxSimulatedPaths) {
  console.error(`dev-bridge: --paths must be an integer 1..${maxSimulatedPaths}, got "${values.paths}"`);
  process.exit(2);
}

const here = path.dirname(fileURLToPath(import.meta.url));

// The simulated tunnel by default (UI work and its tests need no root); a running helper when asked.
const helper =
  helperSocket === undefined
    ? undefined
    : createHelperTunnel({ socketPath: helperSocket, lastProfile: memoryLastProfileStore(values.profile) });
const simulated = helper
  ? undefined
  : createSimulatedTunnel({
      profileName: "lab",
      connectDelayMs: 800,
      pathCount,
      nowMs: () => Date.now(),
      schedule: (fn, delayMs) => {
        const timer = setTimeout(fn, delayMs);
        return { cancel: () => clearTimeout(timer) };
      },
    });
const tunnel: TunnelService = helper ?? simulated!;

const bridge = await startDevBridge({
  appDir: path.join(here, "..", "app"),
  clientScriptPath: path.join(here, "bridge-client.js"),
  port,
  makeHandlers: (notifier) => {
    forwardTunnelNotifications(tunnel, notifier);
    return createAppHandlers({
      tunnel,
      appInfo: { version: process.env.npm_package_version ?? "dev", platform: process.platform },
      // A browser tab has no login items and no userData: both live for the bridge's run.
      loginItem: memoryLoginItem(),
      theme: memoryThemeStore(),
    });
  },
  ...(simulated && { devControls: simulatedTunnelControls(simulated) }),
});
console.log(bridge.url);
console.error(
  helperSocket === undefined
    ? "dev-bridge: serving the renderer with a SIMULATED tunnel (no helper); Ctrl-C to stop"
    : `dev-bridge: serving the renderer with the helper at ${helperSocket}; Ctrl-C to stop`,
);
const stop = () =>
  void bridge.close().then(() => {
    helper?.close();
    process.exit(0);
  });
process.on("SIGINT", stop);
process.on("SIGTERM", stop);
