// Remembers which profile quick-connect uses (the last one connected or picked), across restarts of the app.
import { mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import path from "node:path";

export interface LastProfileStore {
  load(): string | undefined;
  save(profileName: string): void;
}

/** In memory only: the dev bridge and tests. */
export function memoryLastProfileStore(initial?: string): LastProfileStore {
  let name = initial;
  return {
    load: () => name,
    save: (next) => {
      name = next;
    },
  };
}

/** A small JSON file (in Electron's userData); a missing or unreadable file means no profile picked yet. */
export function fileLastProfileStore(filePath: string): LastProfileStore {
  return {
    load() {
      try {
        const parsed: unknown = JSON.parse(readFileSync(filePath, "utf8"));
        const name = (parsed as { lastProfile?: unknown }).lastProfile;
        return typeof name === "string" && name.length > 0 ? name : undefined;
      } catch {
        return undefined;
      }
    },
    save(profileName) {
      mkdirSync(path.dirname(filePath), { recursive: true });
      // Written beside and renamed, so a crash mid-write never leaves half a file.
      const temporary = `${filePath}.tmp`;
      writeFileSync(temporary, `${JSON.stringify({ lastProfile: profileName })}\n`);
      renameSync(temporary, filePath);
    },
  };
}
