// Root only: a lab stopped mid-run by SIGTERM or SIGINT leaves no namespace, TUN, route, rule or nft table behind.
import { execFileSync, spawn } from "node:child_process";
import { existsSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

const root = path.join(__dirname, "..", "..");
const braid = path.join(root, "dist", "helper", "braid.js");
const canRun = process.getuid?.() === 0 && existsSync(braid);

const out = (argv: string[]) => execFileSync(argv[0]!, argv.slice(1), { encoding: "utf8" });

/**
 * The host's own routes, rules and nft tables. Namespaces and links are checked by the lab's id instead: other
 * suites running alongside add and remove theirs.
 */
function hostNetworkState(): string {
  return [out(["ip", "route"]), out(["ip", "rule"]), out(["nft", "list", "tables"])].join("\n");
}

/** Namespaces and links (in the host namespace) that carry this lab's id. */
function leftoversOf(labId: string): string[] {
  const names = [...out(["ip", "netns", "list"]).split("\n"), ...out(["ip", "-br", "link"]).split("\n")].map(
    (line) => line.split(/\s+/)[0] ?? "",
  );
  return names.filter((name) => name.includes(labId));
}

async function stopMidRun(signal: NodeJS.Signals): Promise<{ code: number | null; labId: string }> {
  const child = spawn(
    process.execPath,
    [braid, "lab", "run", path.join(__dirname, "scenarios", "three-links.json"), "--no-tunnel"],
    { stdio: ["ignore", "pipe", "pipe"] },
  );
  let labId = "";
  await new Promise<void>((resolve, reject) => {
    child.stderr.on("data", (chunk: Buffer) => {
      const text = chunk.toString();
      labId ||= /lab braidlab-([0-9a-f]+):/.exec(text)?.[1] ?? "";
      if (text.includes("lab: traffic for")) resolve();
    });
    child.on("exit", () => reject(new Error("the lab ended before its traffic started")));
  });
  await new Promise((resolve) => setTimeout(resolve, 1000));
  child.kill(signal);
  const code = await new Promise<number | null>((resolve) => child.on("exit", (exit) => resolve(exit)));
  return { code, labId };
}

describe.skipIf(!canRun)("lab teardown (needs root and npm run build:helper)", () => {
  for (const signal of ["SIGTERM", "SIGINT"] as const) {
    it(`leaves the host as it was after ${signal} mid-run`, async () => {
      const before = hostNetworkState();
      const { code, labId } = await stopMidRun(signal);
      expect(code).toBe(1);
      expect(labId).toMatch(/^[0-9a-f]{4}$/);
      expect(hostNetworkState()).toBe(before);
      expect(leftoversOf(labId)).toEqual([]);
    }, 20_000);
  }
});
