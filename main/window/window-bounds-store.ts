// Remembers the window's size and position in a small JSON file in userData, saved a moment after the last
// move or resize (dragging fires dozens of events a second) and at once when the window closes.
import { mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import path from "node:path";
import { parseSavedWindow, type Rect, type SavedWindow } from "./window-bounds";

export interface WindowBoundsStore {
  load(): SavedWindow | undefined;
  save(saved: SavedWindow): void;
}

export function fileWindowBoundsStore(filePath: string): WindowBoundsStore {
  return {
    load() {
      try {
        return parseSavedWindow(JSON.parse(readFileSync(filePath, "utf8")));
      } catch {
        return undefined;
      }
    },
    save(saved) {
      mkdirSync(path.dirname(filePath), { recursive: true });
      // Written beside and renamed, so a crash mid-write never leaves half a file.
      const temporary = `${filePath}.tmp`;
      writeFileSync(temporary, `${JSON.stringify(saved)}\n`);
      renameSync(temporary, filePath);
    },
  };
}

/** The part of BrowserWindow this needs. */
export interface TrackedWindow {
  getNormalBounds(): Rect;
  isMaximized(): boolean;
  on(event: "resize" | "move" | "maximize" | "unmaximize" | "close", listener: () => void): void;
}

/** Saves the window's bounds debounceMs after it last moved; close flushes. Returns flush (for quit). */
export function trackWindowBounds(
  window: TrackedWindow,
  store: WindowBoundsStore,
  debounceMs = 500,
  log: (line: string) => void = () => undefined,
): () => void {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const flush = () => {
    clearTimeout(timer);
    timer = undefined;
    try {
      // Normal bounds: a maximized window remembers the size it returns to, plus the flag.
      store.save({ bounds: window.getNormalBounds(), maximized: window.isMaximized() });
    } catch (error) {
      log(`braid: cannot save the window's position: ${(error as Error).message}`);
    }
  };
  const later = () => {
    clearTimeout(timer);
    timer = setTimeout(flush, debounceMs);
  };
  for (const event of ["resize", "move", "maximize", "unmaximize"] as const) window.on(event, later);
  window.on("close", flush);
  return () => {
    if (timer !== undefined) flush();
  };
}
