// Root only: `braid lab run` with the tunnel on the scenarios in scenarios/: aggregation, failover in bond and
// redundant modes, a flapping link. Each prints its result; the bounds are the targets where they hold.
import { execFile } from "node:child_process";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { braidScript, dataplaneSkipReason } from "../dataplane/netns-fixture";
import type { LabResult } from "./lab-run";

const skipReason = dataplaneSkipReason();

function labRun(scenario: string): Promise<LabResult> {
  const file = path.join(__dirname, "scenarios", `${scenario}.json`);
  return new Promise((resolve, reject) => {
    execFile(
      process.execPath,
      [braidScript, "lab", "run", file],
      { timeout: 90_000 },
      (error, stdout, stderr) => {
        if (error) reject(new Error(`braid lab run ${scenario} failed: ${stderr.slice(-2000)}`));
        else {
          console.log(`${scenario}: ${stdout.trim()}`);
          resolve(JSON.parse(stdout) as LabResult);
        }
      },
    );
  });
}

const share = (result: LabResult, link: string) =>
  result.per_link.find((l) => l.name === link)?.tx_share ?? 0;

describe.skipIf(skipReason !== undefined)(
  `lab scenarios through the tunnel (${skipReason ?? "root"})`,
  () => {
    it("bonds two links above the best one alone, each carrying its part", { timeout: 100_000 }, async () => {
      const result = await labRun("aggregation");
      expect(result.tunnel).toBe(true);
      expect(result.goodput_mbit).toBeGreaterThan(40); // fiber, the best link, is 40 Mbit/s
      expect(share(result, "fiber")).toBeGreaterThan(0.1);
      expect(share(result, "cable")).toBeGreaterThan(0.1);
    });

    it("fails over in bond mode within 100 ms when the best link dies", { timeout: 100_000 }, async () => {
      const result = await labRun("failover-bond");
      expect(result.probe.max_gap_ms).toBeLessThanOrEqual(100);
      expect(result.probe.lost).toBeLessThan(result.probe.sent * 0.02);
      const down = result.events.find((e) => e.kind === "path-down" && e.link === "fiber");
      expect(down?.t_s).toBeLessThan(2 + 0.2); // the link went down at 2 s
    });

    it("loses no probe in redundant mode when a link dies", { timeout: 100_000 }, async () => {
      const result = await labRun("redundant");
      expect(result.probe.sent).toBeGreaterThan(2000);
      expect(result.probe.lost).toBe(0);
    });

    it("survives a flapping link and carries traffic both ways after it settles", {
      timeout: 100_000,
    }, async () => {
      const result = await labRun("flapping");
      expect(result.upload_mbit).toBeGreaterThan(1);
      expect(result.download_mbit).toBeGreaterThan(1);
      expect(result.probe.lost).toBeLessThan(result.probe.sent * 0.05);
      const recovered = result.events.filter((e) => e.kind === "path-recovered" && e.link === "wifi");
      expect(recovered.at(-1)?.t_s).toBeGreaterThan(5.5); // back in use after the last "up"
    });
  },
);
