// The renderer's only door to the outside: window.braid, typed by the shared IPC schema.
import type { BraidApi } from "../../main/ipc/ipc-schema";

declare global {
  interface Window {
    readonly braid?: BraidApi;
  }
}

export function getBraidApi(): BraidApi {
  if (!window.braid)
    throw new Error("window.braid is missing: open Braid through its app, not as a plain web page");
  return window.braid;
}
