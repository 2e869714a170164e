// What every dev-bridge spec sets up: one bridge per file, the artifacts folder, and a watch on the page's
// console errors (a CSP violation shows up there).
import { mkdirSync } from "node:fs";
import path from "node:path";
import { expect, type Page, test } from "@playwright/test";
import { type RunningBridge, startDevBridgeProcess } from "./dev-bridge-process";

export const artifactsDir = path.join(__dirname, "..", "artifacts");

/** Starts the bridge before the file's tests and stops it after; the getter throws if it did not start. */
export function devBridgePerFile(): () => RunningBridge {
  let bridge: RunningBridge | undefined;
  test.beforeAll(async () => {
    bridge = await startDevBridgeProcess();
    mkdirSync(artifactsDir, { recursive: true });
  });
  test.afterAll(async () => {
    await bridge?.stop();
  });
  return () => {
    if (bridge === undefined) throw new Error("the dev bridge did not start (see the beforeAll error)");
    return bridge;
  };
}

/** Collects the page's console errors from now on; call the result at the end to assert there were none. */
export function watchConsoleErrors(page: Page): () => void {
  const errors: string[] = [];
  page.on("console", (message) => {
    if (message.type() === "error") errors.push(message.text());
  });
  return () => expect(errors, "the page logged errors (a CSP violation shows up here)").toEqual([]);
}
