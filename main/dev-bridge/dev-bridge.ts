// Runs the dev bridge from the command line: `node dist/dev-bridge/dev-bridge.mjs [--port N] [--paths 1..8]`; prints its URL on stdout.
import path from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { createAppHandlers } from "../ipc/app-handlers";
import { forwardTunnelNotifications } from "../ipc/tunnel-notifications";
import { maxSimulatedPaths } from "../tunnel/simulated-links";
import { createSimulatedTunnel } from "../tunnel/simulated-tunnel";
import { startDevBridge } from "./bridge-server";
import { simulatedTunnelControls } from "./simulated-tunnel-controls";

const { values } = parseArgs({
  options: { port: { type: "string", default: "0" }, paths: { type: "string", default: "3" } },
  strict: true,
});
const port = Number(values.port);
if (!Number.isInteger(port) || port < 0 || port > 65535) {
  console.error(`dev-bridge: --port must be an integer 0..65535, got "${values.port}"`);
  process.exit(2);
}
const pathCount = Number(values.paths);
if (!Number.isInteger(pathCount) || pathCount < 1 || pathCount > maxSimulatedPaths) {
  console.error(`dev-bridge: --paths must be an integer 1..${maxSimulatedPaths}, got "${values.paths}"`);
  process.exit(2);
}

const here = path.dirname(fileURLToPath(import.meta.url));

// Until the helper's control API exists the bridge serves a simulated tunnel, and says so.
const tunnel = createSimulatedTunnel({
  profileName: "lab (simulated)",
  connectDelayMs: 800,
  pathCount,
  nowMs: () => Date.now(),
  schedule: (fn, delayMs) => {
    const timer = setTimeout(fn, delayMs);
    return { cancel: () => clearTimeout(timer) };
  },
});

const bridge = await startDevBridge({
  appDir: path.join(here, "..", "app"),
  clientScriptPath: path.join(here, "bridge-client.js"),
  port,
  makeHandlers: (notifier) => {
    forwardTunnelNotifications(tunnel, notifier);
    return createAppHandlers({
      tunnel,
      appInfo: { version: process.env.npm_package_version ?? "dev", platform: process.platform },
    });
  },
  devControls: simulatedTunnelControls(tunnel),
});
console.log(bridge.url);
console.error("dev-bridge: serving the renderer with a SIMULATED tunnel (no helper); Ctrl-C to stop");
const stop = () => void bridge.close().then(() => process.exit(0));
process.on("SIGINT", stop);
process.on("SIGTERM", stop);
