// Root only: `braid bench --quick --only single-path` through the built CLI prints one JSON object with the three
// single-path rows measured (positive throughput each way) and leaves no namespace behind, also after Ctrl-C.
import { execFile, execFileSync, spawn } from "node:child_process";
import { describe, expect, it } from "vitest";
import { braidScript, dataplaneSkipReason } from "../dataplane/netns-fixture";
import type { BenchResult } from "./bench-result";

const hasTools = ["wireguard-go", "wg", "iperf3"].every((tool) => {
  try {
    execFileSync("which", [tool], { stdio: "ignore" });
    return true;
  } catch {
    return false;
  }
});
const skipReason =
  dataplaneSkipReason() ?? (hasTools ? undefined : "needs wireguard-go, wireguard-tools and iperf3");

const benchNamespaces = () =>
  execFileSync("ip", ["netns", "list"], { encoding: "utf8" })
    .split("\n")
    .filter((line) => line.startsWith("bbench-"));

describe.skipIf(skipReason !== undefined)(`braid bench (${skipReason ?? "root"})`, () => {
  it("measures veth, wireguard-go and Braid on one path and cleans up", { timeout: 150_000 }, async () => {
    const before = benchNamespaces();
    const { code, stdout, stderr } = await new Promise<{ code: number; stdout: string; stderr: string }>(
      (resolve) => {
        execFile(
          process.execPath,
          [braidScript, "bench", "--quick", "--only", "single-path"],
          { timeout: 140_000, maxBuffer: 8 << 20 },
          (error, out, err) =>
            resolve({ code: error ? Number(error.code ?? 1) : 0, stdout: out, stderr: err }),
        );
      },
    );
    expect(code, stderr.slice(-3000)).toBe(0);
    expect(stderr).toContain("bench: braid: iperf3 download");
    const result = JSON.parse(stdout) as BenchResult;
    console.log(
      result.single_path.map((r) => `${r.kind}: ${r.upload_mbit} / ${r.download_mbit} Mbit/s`).join("; "),
    );
    expect(result.single_path.map((row) => row.kind)).toEqual(["veth", "wireguard-go", "braid"]);
    for (const row of result.single_path) {
      expect(row.upload_mbit, `${row.kind} upload`).toBeGreaterThan(0);
      expect(row.download_mbit, `${row.kind} download`).toBeGreaterThan(0);
      expect(row.idle_ping_ms.p50, `${row.kind} idle ping`).toBeGreaterThan(0);
      expect(row.loaded_ping_ms.p99, `${row.kind} ping under load`).toBeGreaterThan(0);
    }
    expect(result.failures).toEqual([]);
    expect(result.multipath).toEqual([]);
    expect(benchNamespaces()).toEqual(before);
  });

  it("removes its namespaces and exits 1 on Ctrl-C mid-case", { timeout: 60_000 }, async () => {
    const before = benchNamespaces();
    const child = spawn(process.execPath, [braidScript, "bench", "--quick", "--only", "single-path"], {
      stdio: ["ignore", "ignore", "pipe"],
    });
    await new Promise<void>((resolve, reject) => {
      child.stderr.on("data", (chunk: Buffer) => {
        if (chunk.toString().includes("iperf3 upload")) resolve();
      });
      child.on("exit", () => reject(new Error("braid bench ended before its first iperf3 run")));
    });
    expect(benchNamespaces().length).toBeGreaterThan(before.length);
    child.kill("SIGINT");
    const code = await new Promise((resolve) => child.on("exit", (exitCode) => resolve(exitCode)));
    expect(code).toBe(1);
    expect(benchNamespaces()).toEqual(before);
  });
});
