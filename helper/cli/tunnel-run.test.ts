import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { nodeRandom } from "../platform/node-random";
import type { CliIo } from "./cli-io";
import { serverCommand } from "./server-command";
import { parseArgs, parseMode } from "./tunnel-run";
import { upCommand } from "./up-command";

function stderrOf(): { io: CliIo; text: () => string } {
  const lines: string[] = [];
  return {
    io: { out: () => undefined, err: (t) => void lines.push(t), readStdin: async () => "" },
    text: () => lines.join(""),
  };
}

const scratch = mkdtempSync(path.join(tmpdir(), "braid-tunnel-cmd-"));
const badProfile = path.join(scratch, "bad.conf");
writeFileSync(badProfile, "[Interface]\nPrivateKey = not-a-key\n");

describe("braid up / braid server run refuse what they cannot run", () => {
  it("braid up names the profile and the parser's complaint for a bad profile", async () => {
    const { io, text } = stderrOf();
    expect(await upCommand(io, [badProfile, "--foreground"], nodeRandom)).toBe(1);
    expect(text()).toContain(badProfile);
    expect(text()).toMatch(/PrivateKey/);
  });

  it("braid server run says a missing config file cannot be read", async () => {
    const { io, text } = stderrOf();
    expect(await serverCommand(io, ["run", "--config", path.join(scratch, "none.conf")], nodeRandom)).toBe(1);
    expect(text()).toContain("cannot read");
  });

  it("braid up without --foreground checks the profile first, naming the line", async () => {
    const { io, text } = stderrOf();
    expect(await upCommand(io, [badProfile], nodeRandom)).toBe(1);
    expect(text()).toMatch(/line 2/);
  });

  it("braid up without --foreground and no helper says what to do, both ways", async () => {
    const profile = path.join(scratch, "good.conf");
    const key = Buffer.alloc(32, 1).toString("base64");
    writeFileSync(
      profile,
      `[Interface]\nPrivateKey = ${key}\nAddress = 10.8.0.2/32\n[Peer]\nPublicKey = ${key}\nEndpoint = 192.0.2.1:51820\nAllowedIPs = 0.0.0.0/0\n`,
    );
    const { io, text } = stderrOf();
    const socket = path.join(scratch, "no-helper.sock");
    expect(await upCommand(io, [profile, "--socket", socket], nodeRandom)).toBe(1);
    expect(text()).toMatch(/the Braid helper is not running; start it with `sudo braid helper`/);
    expect(text()).toContain(`sudo braid up ${profile} --foreground`);
  });

  it("braid up refuses local-only options without --foreground", async () => {
    const { io, text } = stderrOf();
    expect(await upCommand(io, [badProfile, "--exclude", "wwan0"], nodeRandom)).toBe(2);
    expect(text()).toContain("--exclude only apply with --foreground");
  });

  it("braid up refuses a misspelt option before anything starts, naming the one meant", async () => {
    const { io, text } = stderrOf();
    expect(await upCommand(io, [badProfile, "--foreground", "--kill-swich"], nodeRandom)).toBe(2);
    expect(text()).toContain('unknown option --kill-swich (did you mean "--kill-switch"?)');
  });

  it.skipIf(process.getuid?.() === 0)("braid up says it needs root when run as a normal user", async () => {
    const profile = path.join(scratch, "ok.conf");
    const key = Buffer.alloc(32, 1).toString("base64");
    writeFileSync(
      profile,
      `[Interface]\nPrivateKey = ${key}\nAddress = 10.8.0.2/32\n[Peer]\nPublicKey = ${key}\nEndpoint = 192.0.2.1:51820\nAllowedIPs = 0.0.0.0/0\n`,
    );
    const { io, text } = stderrOf();
    expect(await upCommand(io, [profile, "--foreground"], nodeRandom)).toBe(1);
    expect(text()).toContain("needs root");
  });
});

describe("--mode", () => {
  it("takes any engine scheduler and refuses others, naming the choices", () => {
    const parsed = (value: string) => parseArgs(["--mode", value], ["--mode"]);
    const bond = parsed("bond");
    const bogus = parsed("fastest");
    if (typeof bond === "string" || typeof bogus === "string") throw new Error("parseArgs failed");
    expect(parseMode(bond)).toEqual({ mode: "bond" });
    expect(parseMode(bogus)).toEqual({ error: expect.stringMatching(/unknown mode "fastest".*redundant/) });
  });
});
