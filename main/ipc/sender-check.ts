// Decides whether an IPC message comes from Braid's own top-level page and nothing else (not an iframe, not a navigated page).
import type { SenderFrame } from "./main-handlers";

/**
 * appUrl is the exact page Braid loads (file:///.../index.html in a build, http://127.0.0.1:PORT/ in the dev bridge).
 * Query and hash are ignored; origin and path must match, and the frame must be the top frame.
 */
export function createSenderCheck(appUrl: string): (frame: SenderFrame | null) => boolean {
  const expected = new URL(appUrl);
  return (frame) => {
    if (!frame || frame.parent) return false;
    let actual: URL;
    try {
      actual = new URL(frame.url);
    } catch {
      return false;
    }
    return (
      actual.protocol === expected.protocol &&
      actual.host === expected.host &&
      actual.pathname === expected.pathname
    );
  };
}
