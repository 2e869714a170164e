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
if (!binary) {
  console.error(
    "braid: the desktop app needs an Electron binary and none could be downloaded here; try Braid headless in the network lab instead: sudo npx braid lab --help",
  );
  process.exit(1);
}
const child = spawn(binary, [root], { stdio: "inherit" });
child.on("exit", (code, signal) => process.exit(signal ? 1 : (code ?? 0)));
