// The elevated line: hostile paths refused or quoted, and the line run for real through the same two shell
// layers sudo-prompt uses on Linux (sh -c, then bash -c "..."), minus pkexec, which this machine lacks.
import { execFile, execFileSync } from "node:child_process";
import { appendFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import {
  buildInstallLine,
  buildLoginOnlyLine,
  quoteArgument,
  resolveSystemTools,
  type SystemTools,
} from "./elevated-command";
import { stageHelperFiles } from "./stage-helper-files";

const tools = resolveSystemTools((file) => file.startsWith("/usr/bin/")) as SystemTools;
const staged = {
  stageDir: "/tmp/braid-stage-x",
  sumsSha256: "a".repeat(64),
  fileCount: 3,
  nodePath: "/usr/bin/node",
};

/** sudo-prompt 9.3's Linux composition with the pkexec word left out (only `"` is escaped for the outer layer). */
function runLikeSudoPrompt(line: string): Promise<{ code: number; stdout: string; stderr: string }> {
  const outer = `/bin/bash -c "echo SUDOPROMPT; ${line.replace(/"/g, '\\"')}"`;
  return new Promise((resolve) => {
    execFile("/bin/sh", ["-c", outer], { encoding: "utf8" }, (error, stdout, stderr) =>
      resolve({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr }),
    );
  });
}

const scratch: string[] = [];
afterEach(() => {
  for (const dir of scratch.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe("quoteArgument", () => {
  it.each([
    ["dollar", "/home/u/$HOME/Braid"],
    ["command substitution", "/home/u/$(id)/x"],
    ["backtick", "/home/u/`id`/x"],
    ["backslash", "/home/u/a\\b"],
    ["newline", "/home/u/a\nrm -rf /"],
    ["tab", "/home/u/a\tb"],
  ])("refuses a path with a %s, saying what to do", (_name, value) => {
    expect(() => quoteArgument("the staging folder", value)).toThrow(
      /cannot pass safely.*sudo braid service install/,
    );
  });

  it("single-quotes spaces, double and single quotes", () => {
    expect(quoteArgument("x", '/a b/it\'s "here"')).toBe(`'/a b/it'\\''s "here"'`);
  });
});

describe("the lines", () => {
  it("refuse a relative node path and a bad checksum", () => {
    expect(() => buildInstallLine(tools, { ...staged, nodePath: "node" })).toThrow(/absolute path/);
    expect(() => buildInstallLine(tools, { ...staged, stageDir: "/tmp/../etc" })).toThrow(/absolute path/);
    expect(() => buildInstallLine(tools, { ...staged, sumsSha256: "abc; reboot" })).toThrow(/not a SHA-256/);
    expect(() => buildLoginOnlyLine(tools, staged, 0)).toThrow(/above 0/);
  });

  it("run only tools at absolute paths", () => {
    const line = buildInstallLine(tools, staged);
    for (const command of line.split(" && ").flatMap((part) => part.split(" | "))) {
      expect(command.startsWith("/") || command.startsWith("'/") || command.startsWith("cd ")).toBe(true);
    }
    expect(line.endsWith("'/usr/bin/node' '/opt/braid/.incoming/braid.js' service install")).toBe(true);
  });
});

describe("the install line through sudo-prompt's shell layers (as this user, into a scratch folder)", () => {
  function stageFakeHelper(root: string) {
    // A staging parent with spaces and both quotes: quoted, not refused.
    const source = path.join(root, `shipped it's "app"`);
    mkdirSync(path.join(source, "node_modules", "fake"), { recursive: true });
    writeFileSync(
      path.join(source, "braid.js"),
      'require("fs").writeFileSync(process.cwd() + "/ran.json", JSON.stringify({ argv: process.argv.slice(2), cwd: process.cwd() }));\n',
    );
    writeFileSync(path.join(source, "node_modules", "fake", "index.js"), "module.exports = 1;\n");
    const files = [
      { source: path.join(source, "braid.js"), relative: "braid.js", mode: 0o644 },
      {
        source: path.join(source, "node_modules", "fake", "index.js"),
        relative: "node_modules/fake/index.js",
        mode: 0o644,
      },
    ];
    return stageHelperFiles(files, path.join(root, `stage parent "q" 'x'`));
  }

  it("copies, checks and runs the checked copy with exactly its words", async () => {
    const root = mkdtempSync(path.join(os.tmpdir(), "braid-elev-"));
    scratch.push(root);
    const stage = stageFakeHelper(root);
    const incoming = path.join(root, "opt braid", ".incoming");
    const result = await runLikeSudoPrompt(
      buildInstallLine(tools, { ...stage, nodePath: "/usr/bin/node" }, incoming),
    );
    expect(result.stderr).toBe("");
    expect(result.code).toBe(0);
    const ran = JSON.parse(readFileSync(path.join(incoming, "ran.json"), "utf8"));
    expect(ran).toEqual({ argv: ["service", "install"], cwd: incoming });
  });

  it("refuses a staged file changed after staging, and runs nothing", async () => {
    const root = mkdtempSync(path.join(os.tmpdir(), "braid-elev-"));
    scratch.push(root);
    const stage = stageFakeHelper(root);
    appendFileSync(path.join(stage.stageDir, "node_modules", "fake", "index.js"), "process.exit(0);\n");
    const incoming = path.join(root, "opt", ".incoming");
    const result = await runLikeSudoPrompt(
      buildInstallLine(tools, { ...stage, nodePath: "/usr/bin/node" }, incoming),
    );
    expect(result.code).not.toBe(0);
    expect(result.stderr).toMatch(/did NOT match/);
    expect(() => readFileSync(path.join(incoming, "ran.json"))).toThrow();
  });

  it("refuses an extra file planted where require would find it, and runs nothing", async () => {
    const root = mkdtempSync(path.join(os.tmpdir(), "braid-elev-"));
    scratch.push(root);
    const stage = stageFakeHelper(root);
    mkdirSync(path.join(stage.stageDir, "node_modules", "fake", "node_modules", "evil"), { recursive: true });
    writeFileSync(
      path.join(stage.stageDir, "node_modules", "fake", "node_modules", "evil", "index.js"),
      "1;\n",
    );
    const incoming = path.join(root, "opt", ".incoming");
    const result = await runLikeSudoPrompt(
      buildInstallLine(tools, { ...stage, nodePath: "/usr/bin/node" }, incoming),
    );
    expect(result.code).not.toBe(0);
    expect(() => readFileSync(path.join(incoming, "ran.json"))).toThrow();
  });

  it("refuses a SHA256SUMS rewritten to match changed files (its own hash is pinned in the line)", async () => {
    const root = mkdtempSync(path.join(os.tmpdir(), "braid-elev-"));
    scratch.push(root);
    const stage = stageFakeHelper(root);
    writeFileSync(path.join(stage.stageDir, "braid.js"), "process.exit(0);\n");
    const sums = execFileSyncSums(stage.stageDir);
    writeFileSync(path.join(stage.stageDir, "SHA256SUMS"), sums);
    const incoming = path.join(root, "opt", ".incoming");
    const result = await runLikeSudoPrompt(
      buildInstallLine(tools, { ...stage, nodePath: "/usr/bin/node" }, incoming),
    );
    expect(result.code).not.toBe(0);
    expect(() => readFileSync(path.join(incoming, "ran.json"))).toThrow();
  });

  it("login-only: starts braid helper detached with this user's uid and returns", async () => {
    const root = mkdtempSync(path.join(os.tmpdir(), "braid-elev-"));
    scratch.push(root);
    const stage = stageFakeHelper(root);
    const runDir = path.join(root, "run", "braid-login");
    const result = await runLikeSudoPrompt(
      buildLoginOnlyLine(tools, { ...stage, nodePath: "/usr/bin/node" }, 1000, runDir),
    );
    expect(result.code).toBe(0);
    const ranFile = path.join(runDir, "ran.json");
    for (let i = 0; i < 50; i += 1) {
      try {
        readFileSync(ranFile);
        break;
      } catch {
        await new Promise((r) => setTimeout(r, 100));
      }
    }
    expect(JSON.parse(readFileSync(ranFile, "utf8")).argv).toEqual(["helper", "--installer-uid", "1000"]);
  });
});

function execFileSyncSums(dir: string): string {
  return execFileSync("/usr/bin/sha256sum", ["braid.js", "node_modules/fake/index.js"], {
    cwd: dir,
    encoding: "utf8",
  });
}
