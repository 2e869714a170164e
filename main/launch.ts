// `npm start`: launches the built app in Electron, fetching the binary once if needed, or says in one line why it cannot.
import { spawn, spawnSync } from "node:child_process";
import path from "node:path";
import { findElectronBinary } from "./electron-binary";

const root = path.join(__dirname, "..", "..");
const location = { packageDir: path.join(root, "node_modules", "electron"), env: process.env };

function fetchElectron(): void {
  console.error("braid: downloading the Electron binary (once)…");
  spawnSync(process.execPath, [path.join(location.packageDir, "install.js")], {
    stdio: "ignore",
    timeout: 180_000,
  });
}

let binary = findElectronBinary(location);
if (!binary) {
  fetchElectron();
  binary = findElectronBinary(location);
}
const labScenario = path.join(root, "e2e", "lab", "scenarios", "three-links.json");
if (!binary && process.platform === "linux" && process.getuid?.() === 0) {
  // No app here (no Electron binary), but root on Linux: run Braid's main job headless, in the network lab.
  console.error(
    "braid: no Electron binary could be had here, so running Braid in the network lab instead (three emulated links, bond mode, the fiber dies at 2 s); the result is one JSON object",
  );
  const lab = spawn(
    process.execPath,
    [path.join(root, "dist", "helper", "braid.js"), "lab", "run", labScenario],
    {
      stdio: "inherit",
    },
  );
  lab.on("exit", (code, signal) => process.exit(signal ? 1 : (code ?? 0)));
} else if (!binary) {
  console.error(
    "braid: the desktop app needs an Electron binary and none could be downloaded here; as root, npm start runs Braid in the network lab instead (sudo npm start), or see sudo npx braid lab --help",
  );
  process.exit(1);
} else {
  const child = spawn(binary, [root], { stdio: "inherit" });
  child.on("exit", (code, signal) => process.exit(signal ? 1 : (code ?? 0)));
}
