// Root only: a lab stopped mid-run by SIGTERM or SIGINT leaves no namespace, TUN, route, rule or nft table behind.
import { execFileSync, spawn } from "node:child_process";
import { existsSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

const root = path.join(__dirname, "..", "..");
const braid = path.join(root, "dist", "helper", "braid.js");
const canRun = process.getuid?.() === 0 && existsSync(braid);

function hostNetworkState(): string {
  const out = (argv: string[]) => execFileSync(argv[0]!, argv.slice(1), { encoding: "utf8" });
  return [
    out(["ip", "netns", "list"]),
    out(["ip", "-br", "link"]),
    out(["ip", "route"]),
    out(["ip", "rule"]),
    out(["nft", "list", "tables"]),
  ].join("\n");
}

async function stopMidRun(signal: NodeJS.Signals): Promise<number | null> {
  const child = spawn(
    process.execPath,
    [braid, "lab", "run", path.join(__dirname, "scenarios", "three-links.json"), "--no-tunnel"],
    { stdio: ["ignore", "pipe", "pipe"] },
  );
  await new Promise<void>((resolve, reject) => {
    child.stderr.on("data", (chunk: Buffer) => {
      if (chunk.toString().includes("lab: traffic for")) resolve();
    });
    child.on("exit", () => reject(new Error("the lab ended before its traffic started")));
  });
  await new Promise((resolve) => setTimeout(resolve, 1000));
  child.kill(signal);
  return new Promise((resolve) => child.on("exit", (code) => resolve(code)));
}

describe.skipIf(!canRun)("lab teardown (needs root and npm run build:helper)", () => {
  for (const signal of ["SIGTERM", "SIGINT"] as const) {
    it(`leaves the host as it was after ${signal} mid-run`, async () => {
      const before = hostNetworkState();
      expect(await stopMidRun(signal)).toBe(1);
      expect(hostNetworkState()).toBe(before);
      expect(execFileSync("ip", ["netns", "list"], { encoding: "utf8" })).not.toContain("braidlab-");
    }, 20_000);
  }
});
