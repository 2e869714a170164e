// The helper's state files on a real disk: atomic, root-only, and a broken one is ignored with a line saying so.
import { mkdirSync, mkdtempSync, readdirSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { DEFAULT_STATE_DIR, defaultStateDir, JsonStateFile } from "./json-state-file";
import { parseWantedState } from "./wanted-state";

function scratch() {
  const dir = path.join(mkdtempSync(path.join(tmpdir(), "braid-state-")), "state");
  const logged: string[] = [];
  const file = new JsonStateFile(path.join(dir, "wanted-state.json"), parseWantedState, (l) =>
    logged.push(l),
  );
  return { dir, file, logged };
}

describe("helper state file", () => {
  it("lives in /var/lib/braid for the service's profiles, beside any other profiles folder", () => {
    expect(defaultStateDir("/etc/braid/profiles")).toBe(DEFAULT_STATE_DIR);
    expect(defaultStateDir("/etc/braid/profiles/")).toBe("/var/lib/braid");
    expect(defaultStateDir("/tmp/run-1/profiles")).toBe("/tmp/run-1/braid-state");
  });

  it("saves atomically into a 0700 folder as a 0600 file and reads it back", () => {
    const { dir, file } = scratch();
    expect(file.load()).toBeUndefined();
    const wanted = {
      connectedProfile: "home",
      lastProfile: "home",
      modeOverride: "redundant" as const,
      killSwitchOverride: true,
      probeRateOverrideHz: 25,
      dataCapOverridesMb: { wwan0: 2_000, eth0: null },
    };
    file.save(wanted);
    file.save({ ...wanted, probeRateOverrideHz: 30 });
    expect(file.load()).toEqual({ ...wanted, probeRateOverrideHz: 30 });
    expect(readdirSync(dir)).toEqual(["wanted-state.json"]); // no temporary file left
    expect(statSync(dir).mode & 0o777).toBe(0o700);
    expect(statSync(file.filePath).mode & 0o777).toBe(0o600);
  });

  it("ignores a corrupt file, a wrong field and an unreadable path, saying which and why", () => {
    const { dir, file, logged } = scratch();
    mkdirSync(dir, { recursive: true });
    writeFileSync(file.filePath, '{"connectedProfile": "ho');
    expect(file.load()).toBeUndefined();
    writeFileSync(file.filePath, '{"connectedProfile": "../etc/passwd"}');
    expect(file.load()).toBeUndefined();
    writeFileSync(file.filePath, '{"probeRateOverrideHz": 500}');
    expect(file.load()).toBeUndefined();
    writeFileSync(file.filePath, '{"dataCapOverridesMb": {"wwan0": -3}}');
    expect(file.load()).toBeUndefined();
    const unreadable = new JsonStateFile(dir, parseWantedState, (l) => logged.push(l)); // a folder, not a file
    expect(unreadable.load()).toBeUndefined();
    expect(logged).toHaveLength(5);
    expect(logged[0]).toMatch(/wanted-state\.json is not usable \(.*JSON.*\); ignoring it/);
    expect(logged[1]).toMatch(/connectedProfile: must be a profile name, got "\.\.\/etc\/passwd"/);
    expect(logged[2]).toMatch(/probeRateOverrideHz: must be an integer 1\.\.50, got 500/);
    expect(logged[3]).toMatch(/dataCapOverridesMb.wwan0: must be an integer 1..100000000 or null, got -3/);
    expect(logged[4]).toMatch(/cannot read .*: EISDIR/);
    // And the next save replaces the broken file.
    file.save({ ...parseWantedState({}), connectedProfile: "work" });
    expect(file.load()?.connectedProfile).toBe("work");
  });
});
