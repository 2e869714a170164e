// Where the window opens: saved bounds kept on a display that exists, brought back from one that is gone,
// shrunk to a smaller display; and the store saving after the last move, not on every one.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it, vi } from "vitest";
import { parseSavedWindow, placeWindow, type Rect } from "./window-bounds";
import { fileWindowBoundsStore, type TrackedWindow, trackWindowBounds } from "./window-bounds-store";

const laptop: Rect = { x: 0, y: 0, width: 1920, height: 1050 };
const rightMonitor: Rect = { x: 1920, y: 0, width: 2560, height: 1410 };
const defaults = { width: 960, height: 680 };

describe("placeWindow", () => {
  it("centres the default size on the primary display the first time", () => {
    expect(placeWindow(undefined, [laptop], defaults).bounds).toEqual({
      x: 480,
      y: 185,
      width: 960,
      height: 680,
    });
  });

  it("keeps bounds saved on a display that is still there", () => {
    const saved = { bounds: { x: 2200, y: 100, width: 1200, height: 800 }, maximized: true };
    expect(placeWindow(saved, [laptop, rightMonitor], defaults)).toEqual(saved);
  });

  it("brings a window saved on an unplugged monitor back onto the primary display, keeping its size", () => {
    const saved = { bounds: { x: 2200, y: 100, width: 1200, height: 800 }, maximized: false };
    expect(placeWindow(saved, [laptop], defaults).bounds).toEqual({
      x: 360,
      y: 125,
      width: 1200,
      height: 800,
    });
  });

  it("a window hanging mostly off screen is pulled in whole; a sliver on screen does not count", () => {
    const mostlyOff = { bounds: { x: 1700, y: 900, width: 960, height: 680 }, maximized: false };
    expect(placeWindow(mostlyOff, [laptop], defaults).bounds).toEqual({
      x: 960,
      y: 370,
      width: 960,
      height: 680,
    });
    const sliver = { bounds: { x: 1900, y: 100, width: 960, height: 680 }, maximized: false };
    expect(placeWindow(sliver, [laptop], defaults).bounds).toEqual({
      x: 480,
      y: 185,
      width: 960,
      height: 680,
    });
  });

  it("shrinks a window saved on a big monitor to fit a smaller one", () => {
    const saved = { bounds: { x: 0, y: 0, width: 2500, height: 1400 }, maximized: false };
    expect(placeWindow(saved, [laptop], defaults).bounds).toEqual(laptop);
  });

  it("parses only sane saved values", () => {
    expect(parseSavedWindow({ bounds: { x: 1, y: 2, width: 300, height: 400 }, maximized: true })).toEqual({
      bounds: { x: 1, y: 2, width: 300, height: 400 },
      maximized: true,
    });
    expect(parseSavedWindow({ bounds: { x: 1, y: 2, width: 3, height: 400 } })).toBeUndefined();
    expect(parseSavedWindow({ bounds: { x: "1", y: 2, width: 300, height: 400 } })).toBeUndefined();
    expect(parseSavedWindow(null)).toBeUndefined();
  });
});

class FakeWindow implements TrackedWindow {
  bounds: Rect = { x: 10, y: 20, width: 900, height: 600 };
  maximized = false;
  private readonly listeners = new Map<string, (() => void)[]>();
  getNormalBounds = () => this.bounds;
  isMaximized = () => this.maximized;
  on(event: string, listener: () => void) {
    this.listeners.set(event, [...(this.listeners.get(event) ?? []), listener]);
  }
  fire(event: string) {
    for (const listener of this.listeners.get(event) ?? []) listener();
  }
}

const dirs: string[] = [];
afterEach(() => {
  vi.useRealTimers();
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe("window bounds store (a real file; a fake window)", () => {
  it("saves once, 500 ms after the last move of a drag, and reads it back", () => {
    vi.useFakeTimers();
    const dir = mkdtempSync(path.join(os.tmpdir(), "braid-window-"));
    dirs.push(dir);
    const file = path.join(dir, "window-state.json");
    const store = fileWindowBoundsStore(file);
    let saves = 0;
    const counting = {
      load: store.load,
      save: (s: Parameters<typeof store.save>[0]) => {
        saves += 1;
        store.save(s);
      },
    };
    const window = new FakeWindow();
    trackWindowBounds(window, counting, 500);
    for (let x = 0; x < 30; x += 1) {
      window.bounds = { ...window.bounds, x: 10 + x };
      window.fire("move");
      vi.advanceTimersByTime(16);
    }
    expect(saves).toBe(0);
    vi.advanceTimersByTime(500);
    expect(saves).toBe(1);
    expect(store.load()).toEqual({ bounds: { x: 39, y: 20, width: 900, height: 600 }, maximized: false });
  });

  it("closing saves at once, with the maximized flag", () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), "braid-window-"));
    dirs.push(dir);
    const store = fileWindowBoundsStore(path.join(dir, "window-state.json"));
    const window = new FakeWindow();
    trackWindowBounds(window, store, 500);
    window.maximized = true;
    window.fire("close");
    expect(store.load()?.maximized).toBe(true);
  });

  it("a missing or broken file means nothing saved", () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), "braid-window-"));
    dirs.push(dir);
    const file = path.join(dir, "window-state.json");
    expect(fileWindowBoundsStore(file).load()).toBeUndefined();
    writeFileSync(file, "{not json");
    expect(fileWindowBoundsStore(file).load()).toBeUndefined();
    fileWindowBoundsStore(file).save({ bounds: { x: 0, y: 0, width: 800, height: 600 }, maximized: false });
    expect(JSON.parse(readFileSync(file, "utf8")).bounds.width).toBe(800);
  });
});
