// How sudo-prompt's callback is read (its own "never elevated" messages), and which working folders it cannot take.
import { describe, expect, it } from "vitest";
import { classifySudoResult, safeWorkingDirectory } from "./sudo-prompt-elevator";

describe("classifySudoResult", () => {
  it("tells a closed prompt from a failed command", () => {
    expect(classifySudoResult(undefined, "ok\n", "")).toEqual({ outcome: "done", stdout: "ok\n" });
    expect(classifySudoResult(new Error("User did not grant permission."), "", "")).toEqual({
      outcome: "declined",
    });
    const failed = classifySudoResult(
      new Error("Command failed"),
      "",
      "x\nbraid service install: no systemd\n",
    );
    expect(failed).toEqual({ outcome: "failed", message: "x; braid service install: no systemd" });
  });

  it("says what to do without a polkit agent", () => {
    const result = classifySudoResult(new Error("No polkit authentication agent found."), "", "");
    expect(result.outcome === "failed" && result.message).toContain("sudo braid service install");
  });
});

describe("safeWorkingDirectory", () => {
  it("refuses folders the double-quoted cd would expand", () => {
    expect(safeWorkingDirectory("/home/u/My Projects")).toBe(true);
    for (const bad of ["/home/$(id)", "/home/`id`", '/home/a"b', "/home/a\\b", "/home/a\nb"])
      expect(safeWorkingDirectory(bad)).toBe(false);
  });
});
