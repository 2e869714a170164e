import { describe, expect, it } from "vitest";
import { parseBenchArgs } from "./bench-args";
import { runCli } from "./run-cli";

describe("braid bench arguments", () => {
  it("runs both parts in full by default", () => {
    expect(parseBenchArgs([])).toEqual({
      quick: false,
      parts: ["single-path", "multipath"],
      rounds: undefined,
      jsonFile: undefined,
      reportFile: undefined,
      fromFile: undefined,
    });
  });

  it("takes --quick, --only, --json and --report, with the value after a space or an =", () => {
    const args = parseBenchArgs([
      "--quick",
      "--only",
      "single-path",
      "--json=out.json",
      "--report",
      "docs/b.md",
    ]);
    expect(args).toMatchObject({
      quick: true,
      parts: ["single-path"],
      jsonFile: "out.json",
      reportFile: "docs/b.md",
    });
    expect(parseBenchArgs(["--only=multipath"]).parts).toEqual(["multipath"]);
  });

  it("names a bad --only value and the choices", () => {
    expect(() => parseBenchArgs(["--only", "both"])).toThrow(
      '--only: expected single-path or multipath, got "both"',
    );
  });

  it("refuses a flag without its value, also when the next word is another flag", () => {
    expect(() => parseBenchArgs(["--json"])).toThrow("--json needs a value");
    expect(() => parseBenchArgs(["--json", "--quick"])).toThrow("--json needs a value");
    expect(() => parseBenchArgs(["--report="])).toThrow("--report needs a value");
  });

  it("takes --rounds from 1 to 10 and names anything else", () => {
    expect(parseBenchArgs(["--rounds", "3"]).rounds).toBe(3);
    for (const bad of ["0", "11", "2.5", "two"])
      expect(() => parseBenchArgs(["--rounds", bad])).toThrow(
        `--rounds: expected a whole number from 1 to 10, got "${bad}"`,
      );
  });

  it("refuses unknown arguments by name", () => {
    expect(() => parseBenchArgs(["--fast"])).toThrow('unexpected argument "--fast"');
    expect(() => parseBenchArgs(["single-path"])).toThrow('unexpected argument "single-path"');
  });

  it("renders only with --from, which needs --report and excludes the run's options", () => {
    expect(parseBenchArgs(["--from", "r.json", "--report", "b.md"])).toMatchObject({
      fromFile: "r.json",
      reportFile: "b.md",
    });
    expect(() => parseBenchArgs(["--from", "r.json"])).toThrow("name it with --report FILE.md");
    expect(() => parseBenchArgs(["--from", "r.json", "--report", "b.md", "--quick"])).toThrow("do not apply");
  });
});

describe("braid bench on the command line", () => {
  it("exits 2 with the reason and a pointer to the help for a bad argument", async () => {
    const err: string[] = [];
    const io = { out: () => {}, err: (text: string) => void err.push(text), readStdin: async () => "" };
    const random = { fill: (bytes: Uint8Array) => bytes.fill(7) };
    expect(await runCli(["bench", "--only", "both"], io, random, "0.0.0")).toBe(2);
    expect(err.join("")).toBe(
      'braid bench: --only: expected single-path or multipath, got "both"; see braid bench --help\n',
    );
  });
});
