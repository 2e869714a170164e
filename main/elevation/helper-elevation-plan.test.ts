// Before the prompt: the real build's helper files staged and pinned, a fake node probe (the machine's own node
// may be any version), and the staging folder gone after cleanup.
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { prepareElevation } from "./helper-elevation-plan";
import type { NodeProbe } from "./system-node";

const fakeRootNode: NodeProbe = {
  stat: (file) => (file === "/usr/bin/node" ? { uid: 0, mode: 0o100755, isFile: true } : undefined),
  version: async () => "v20.19.0",
};
const script = path.join(__dirname, "..", "..", "dist", "helper", "braid.js");
const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe("prepareElevation", () => {
  it.skipIf(!existsSync(script))(
    "stages the build's helper (0700), pins SHA256SUMS in the line, cleans up",
    async () => {
      const parent = mkdtempSync(path.join(os.tmpdir(), "braid-plan-"));
      dirs.push(parent);
      const prepared = await prepareElevation("install", {
        scriptPath: script,
        stageParent: parent,
        userUid: 1000,
        nodeProbe: fakeRootNode,
      });
      const stageDir = /cp -R -L '([^']+)\/\.'/.exec(prepared.line)?.[1];
      expect(stageDir).toBeDefined();
      expect(statSync(stageDir as string).mode & 0o777).toBe(0o700);
      const sums = readFileSync(path.join(stageDir as string, "SHA256SUMS"), "utf8");
      expect(sums).toMatch(/ {2}braid\.js\n/);
      expect(sums).toMatch(/ {2}node_modules\/sodium-native\/package\.json\n/);
      expect(prepared.line).toContain("'/usr/bin/node' '/opt/braid/.incoming/braid.js' service install");
      prepared.cleanup();
      expect(existsSync(stageDir as string)).toBe(false);
    },
  );

  it("fails before staging anything when no usable node exists", async () => {
    const parent = mkdtempSync(path.join(os.tmpdir(), "braid-plan-"));
    dirs.push(parent);
    const noNode: NodeProbe = { stat: () => undefined, version: async () => undefined };
    await expect(
      prepareElevation("login-only", {
        scriptPath: script,
        stageParent: parent,
        userUid: 1000,
        nodeProbe: noNode,
      }),
    ).rejects.toThrow(/Install Node\.js 20\.19 or newer/);
    expect(readdirSync(parent)).toEqual([]);
  });
});
