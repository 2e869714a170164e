import { execFileSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import type { RandomSource } from "../engine/ports";
import { nodeRandom } from "../platform/node-random";
import type { CliIo } from "./cli-io";
import { runCli } from "./run-cli";

function capture(stdin = "") {
  const out: string[] = [];
  const err: string[] = [];
  const io: CliIo = {
    out: (t) => void out.push(t),
    err: (t) => void err.push(t),
    readStdin: async () => stdin,
  };
  return { io, out: () => out.join(""), err: () => err.join("") };
}

const fixedRandom: RandomSource = { fill: (bytes) => bytes.fill(7) };

function hasWg(): boolean {
  try {
    execFileSync("wg", ["--version"], { stdio: "ignore" });
    return true;
  } catch {
    return false;
  }
}

describe("braid command line", () => {
  it("prints help listing every command, and per-command help with examples", async () => {
    const main = capture();
    expect(await runCli(["--help"], main.io, fixedRandom, "9.9.9")).toBe(0);
    expect(main.out()).toContain("braid 9.9.9");
    expect(main.out()).toMatch(/keygen\s+print a new WireGuard private key/);
    const sub = capture();
    expect(await runCli(["pubkey", "--help"], sub.io, fixedRandom, "9.9.9")).toBe(0);
    expect(sub.out()).toContain("Examples:");
    expect(sub.out()).toContain("braid keygen | braid pubkey");
  });

  it("prints the version", async () => {
    const c = capture();
    expect(await runCli(["--version"], c.io, fixedRandom, "1.2.3")).toBe(0);
    expect(c.out()).toBe("1.2.3\n");
  });

  it("names an unknown command and suggests the closest one", async () => {
    const c = capture();
    expect(await runCli(["keygne"], c.io, fixedRandom, "1")).toBe(2);
    expect(c.err()).toContain('unknown command "keygne" (did you mean "keygen"?)');
  });

  it("refuses stray arguments", async () => {
    const c = capture();
    expect(await runCli(["keygen", "extra"], c.io, fixedRandom, "1")).toBe(2);
    expect(c.err()).toContain('unexpected argument "extra"');
  });

  it("keygen makes a clamped 32-byte key, and pubkey rejects a malformed one with the reason", async () => {
    const gen = capture();
    expect(await runCli(["keygen"], gen.io, nodeRandom, "1")).toBe(0);
    const key = Buffer.from(gen.out().trim(), "base64");
    expect(key.length).toBe(32);
    expect((key[0] ?? 0) & 7).toBe(0);
    expect((key[31] ?? 0) & 0xc0).toBe(0x40);
    const bad = capture("not-a-key\n");
    expect(await runCli(["pubkey"], bad.io, nodeRandom, "1")).toBe(1);
    expect(bad.err()).toContain("44 base64 characters");
  });

  it.skipIf(!hasWg())("agrees with wg pubkey on fresh keys (needs wireguard-tools)", async () => {
    for (let i = 0; i < 5; i++) {
      const gen = capture();
      await runCli(["keygen"], gen.io, nodeRandom, "1");
      const pub = capture(gen.out());
      expect(await runCli(["pubkey"], pub.io, nodeRandom, "1")).toBe(0);
      expect(pub.out()).toBe(execFileSync("wg", ["pubkey"], { input: gen.out() }).toString());
    }
  });
});
