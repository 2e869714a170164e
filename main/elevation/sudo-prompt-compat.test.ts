// sudo-prompt 9.2.1 calls util.isObject, which Node 23 removed (and so Electron 45's Node); its fork must not.
import { createRequire } from "node:module";
import util from "node:util";
import { describe, expect, it } from "vitest";

const require = createRequire(import.meta.url);

describe("@vscode/sudo-prompt under Electron's Node", () => {
  it("validates its arguments without util.isObject / util.isFunction", () => {
    const legacy = util as unknown as Record<string, unknown>;
    const saved = { isObject: legacy.isObject, isFunction: legacy.isFunction };
    delete legacy.isObject;
    delete legacy.isFunction;
    try {
      const sudo = require("@vscode/sudo-prompt") as { exec: (...args: unknown[]) => void };
      // Wrong argument types must produce its own errors, not "util.isObject is not a function".
      expect(() => sudo.exec("true", "not-options", () => {})).toThrow("Expected options to be an object.");
      let reported: Error | undefined;
      sudo.exec("sudo true", { name: "Braid" }, (error?: Error) => {
        reported = error;
      });
      expect(reported?.message).toBe('Command should not be prefixed with "sudo".');
    } finally {
      Object.assign(legacy, saved);
    }
  });
});
