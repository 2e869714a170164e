import { existsSync } from "node:fs";
import { describe, expect, it } from "vitest";
import type { CliIo } from "./cli-io";
import { serviceCommand } from "./service-command";

function capture() {
  const out: string[] = [];
  const err: string[] = [];
  const io: CliIo = { out: (t) => void out.push(t), err: (t) => void err.push(t), readStdin: async () => "" };
  return { io, out: () => out.join(""), err: () => err.join("") };
}

describe("braid service arguments", () => {
  it("needs an action, names an unknown one, and suggests a misspelt option", async () => {
    const none = capture();
    expect(await serviceCommand(none.io, [], "0.1.0")).toBe(2);
    expect(none.err()).toMatch(/say what to do; usage: braid service install/);
    const odd = capture();
    expect(await serviceCommand(odd.io, ["instal"], "0.1.0")).toBe(2);
    expect(odd.err()).toMatch(/unknown action "instal"/);
    const typo = capture();
    expect(await serviceCommand(typo.io, ["uninstall", "--purg"], "0.1.0")).toBe(2);
    expect(typo.err()).toMatch(/unknown option --purg \(did you mean "--purge"\?\)/);
    const wait = capture();
    expect(await serviceCommand(wait.io, ["install", "--wait"], "0.1.0")).toBe(2);
    expect(wait.err()).toMatch(/--wait needs a value/);
  });

  it.skipIf(existsSync("/run/systemd/system"))(
    "install without systemd (as on this machine) says so and exits 1, before asking for root",
    async () => {
      const run = capture();
      expect(await serviceCommand(run.io, ["install"], "0.1.0")).toBe(1);
      expect(run.err()).toMatch(
        /^braid service install: no systemd running here \(no \/run\/systemd\/system\); nothing was changed/,
      );
    },
  );
});
