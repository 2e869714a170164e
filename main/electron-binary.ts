// Finds the Electron binary without triggering electron's lazy download (its index.js downloads on require).
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";

export interface ElectronLocation {
  /** node_modules/electron */
  readonly packageDir: string;
  readonly env: NodeJS.ProcessEnv;
}

export function findElectronBinary({ packageDir, env }: ElectronLocation): string | undefined {
  const pathFile = path.join(packageDir, "path.txt");
  const relative = existsSync(pathFile) ? readFileSync(pathFile, "utf8").trim() : undefined;
  const override = env.ELECTRON_OVERRIDE_DIST_PATH;
  const candidate = override
    ? path.join(override, relative ?? "electron")
    : relative
      ? path.join(packageDir, "dist", relative)
      : undefined;
  return candidate && existsSync(candidate) ? candidate : undefined;
}
