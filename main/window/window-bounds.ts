// Where the window opens: the size and position saved last time, moved onto a display that still exists (a
// window saved on a monitor since unplugged comes back on screen) and never larger than that display.

export interface Rect {
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
}

export interface SavedWindow {
  readonly bounds: Rect;
  readonly maximized: boolean;
}

/** How much of the window must lie on a display for it to count as reachable (a grip on the title bar). */
export const minVisiblePx = 64;

function overlapPx(a: Rect, b: Rect): { width: number; height: number } {
  return {
    width: Math.min(a.x + a.width, b.x + b.width) - Math.max(a.x, b.x),
    height: Math.min(a.y + a.height, b.y + b.height) - Math.max(a.y, b.y),
  };
}

function fitInside(bounds: Rect, area: Rect): Rect {
  const width = Math.min(bounds.width, area.width);
  const height = Math.min(bounds.height, area.height);
  const x = Math.min(Math.max(bounds.x, area.x), area.x + area.width - width);
  const y = Math.min(Math.max(bounds.y, area.y), area.y + area.height - height);
  return { x, y, width, height };
}

function centred(size: { width: number; height: number }, area: Rect): Rect {
  const width = Math.min(size.width, area.width);
  const height = Math.min(size.height, area.height);
  return {
    x: area.x + Math.round((area.width - width) / 2),
    y: area.y + Math.round((area.height - height) / 2),
    width,
    height,
  };
}

/**
 * workAreas: every display's usable area (Electron's screen.getAllDisplays()[i].workArea), the primary first.
 * Saved bounds that still reach a display are kept (shrunk and pulled in to fit it); otherwise the saved size
 * (or the default) is centred on the primary display.
 */
export function placeWindow(
  saved: SavedWindow | undefined,
  workAreas: readonly Rect[],
  defaultSize: { width: number; height: number },
):
  | SavedWindow
  | { readonly bounds: Partial<Rect> & { width: number; height: number }; readonly maximized: false } {
  const primary = workAreas[0];
  if (primary === undefined) return { bounds: saved?.bounds ?? defaultSize, maximized: false };
  if (saved === undefined) return { bounds: centred(defaultSize, primary), maximized: false };
  let best: { area: Rect; areaPx: number } | undefined;
  for (const area of workAreas) {
    const overlap = overlapPx(saved.bounds, area);
    if (overlap.width < minVisiblePx || overlap.height < minVisiblePx) continue;
    const areaPx = overlap.width * overlap.height;
    if (best === undefined || areaPx > best.areaPx) best = { area, areaPx };
  }
  if (best) return { bounds: fitInside(saved.bounds, best.area), maximized: saved.maximized };
  return { bounds: centred(saved.bounds, primary), maximized: saved.maximized };
}

/** Parses what the store read; anything unexpected means "nothing saved". */
export function parseSavedWindow(value: unknown): SavedWindow | undefined {
  const v = value as { bounds?: Record<string, unknown>; maximized?: unknown } | null;
  const b = v?.bounds;
  if (!b) return undefined;
  const numbers = [b.x, b.y, b.width, b.height];
  if (!numbers.every((n) => typeof n === "number" && Number.isFinite(n))) return undefined;
  const [x, y, width, height] = numbers.map((n) => Math.round(n as number)) as [
    number,
    number,
    number,
    number,
  ];
  if (width < 100 || height < 100 || width > 100_000 || height > 100_000) return undefined;
  return { bounds: { x, y, width, height }, maximized: v?.maximized === true };
}
