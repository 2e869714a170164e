// `braid bench`: the single-path and multipath cases run one after another in one run, each in its own journal,
// so a failed case is reported by name, cleaned up, and the rest still run.
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import type { BenchPart } from "../../helper/cli/bench-args";
import { LabJournal } from "../lab/lab-journal";
import { braidScript } from "../lab/lab-tunnel";
import type {
  BenchFailure,
  BenchResult,
  MultipathRow,
  MultipathSide,
  SinglePathKind,
  SinglePathRow,
} from "./bench-result";
import { combineRounds, combineSides } from "./bench-rounds";
import { loadScenario, multipathRow, runMultipathSide } from "./multipath-case";
import { runSinglePathCase } from "./single-path-case";

export interface BenchPlan {
  readonly quick: boolean;
  readonly parts: readonly BenchPart[];
  readonly rounds: number | undefined;
}

export interface BenchHooks {
  readonly progress: (line: string) => void;
  /** Journals of the cases running now, for a signal handler to tear down. */
  readonly active: Set<LabJournal>;
}

export const singlePathKinds = (quick: boolean): SinglePathKind[] =>
  quick ? ["veth", "wireguard-go", "braid"] : ["veth", "wireguard-go", "braid", "braid-vs-wireguard-go"];

export const multipathScenarios = (quick: boolean): string[] =>
  quick ? ["aggregation", "failover-bond"] : ["aggregation", "three-links", "failover-bond", "redundant"];

function gitOf(args: readonly string[]): string | null {
  try {
    const dir = path.dirname(braidScript());
    return execFileSync("git", ["-C", dir, ...args], {
      encoding: "utf8",
      stdio: ["ignore", "pipe", "ignore"],
    });
  } catch {
    return null;
  }
}

/** PRETTY_NAME of /etc/os-release ("Debian GNU/Linux 12 (bookworm)"), else the kernel's own name. */
function distribution(): string {
  try {
    const pretty = /^PRETTY_NAME="?([^"\n]*)"?$/m.exec(readFileSync("/etc/os-release", "utf8"))?.[1];
    if (pretty) return pretty;
  } catch {
    // not every system has it
  }
  return os.type();
}

function machine(): BenchResult["machine"] {
  const cpus = os.cpus();
  return {
    cpus: cpus.length,
    cpu_model: cpus[0]?.model.trim() ?? "unknown",
    kernel: os.release(),
    os: distribution(),
    node: process.version,
    load_avg_1m: Number((os.loadavg()[0] ?? 0).toFixed(2)),
  };
}

export async function runBench(plan: BenchPlan, hooks: BenchHooks): Promise<BenchResult> {
  const startedMs = performance.now();
  const date = new Date().toISOString();
  const host = machine(); // load average before the run's own load
  const failures: BenchFailure[] = [];
  const attempt = async <T>(name: string, run: (journal: LabJournal) => Promise<T>): Promise<T | null> => {
    const journal = new LabJournal();
    hooks.active.add(journal);
    try {
      return await run(journal);
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      failures.push({ case: name, error: message });
      hooks.progress(`bench: ${name} FAILED: ${message}`);
      return null;
    } finally {
      journal.teardown();
      hooks.active.delete(journal);
    }
  };
  const rounds = plan.rounds ?? (plan.quick ? 1 : 3); // odd, so a median is one round, not a mean of two
  const roundName = (name: string, round: number) =>
    rounds > 1 ? `${name} (round ${round} of ${rounds})` : name;
  const singlePath: SinglePathRow[] = [];
  if (plan.parts.includes("single-path")) {
    const timing = plan.quick ? { iperfSeconds: 2, idlePings: 100 } : { iperfSeconds: 8, idlePings: 500 };
    const kinds = singlePathKinds(plan.quick);
    const byKind = new Map<SinglePathKind, SinglePathRow[]>(kinds.map((kind) => [kind, []]));
    // Rounds interleave the kinds, so a burst of load from elsewhere is spread over all of them.
    for (let round = 1; round <= rounds; round++) {
      for (const kind of kinds) {
        const name = roundName(`single-path ${kind}`, round);
        const row = await attempt(name, (journal) =>
          runSinglePathCase(kind, timing, journal, hooks.progress),
        );
        if (!row) continue;
        byKind.get(kind)?.push(row);
        hooks.progress(
          `bench: ${kind}: up ${row.upload_mbit} / down ${row.download_mbit} Mbit/s, ` +
            `idle ping p50 ${row.idle_ping_ms.p50} ms, loaded p99 ${row.loaded_ping_ms.p99} ms`,
        );
      }
    }
    for (const rows of byKind.values()) if (rows.length) singlePath.push(combineRounds(rows));
  }
  const multipath: MultipathRow[] = [];
  if (plan.parts.includes("multipath")) {
    for (const name of multipathScenarios(plan.quick)) {
      const scenario = await attempt(`multipath ${name}`, async () => loadScenario(name));
      if (!scenario) continue;
      const sides = { braid: [] as MultipathSide[], baseline: [] as MultipathSide[] };
      for (let round = 1; round <= rounds; round++) {
        for (const [key, label] of [
          ["braid", "braid"],
          ["baseline", "routed baseline"],
        ] as const) {
          const side = await attempt(roundName(`multipath ${name} (${label})`, round), (journal) =>
            runMultipathSide(scenario, key === "braid", journal, hooks.progress),
          );
          if (side) sides[key].push(side);
        }
      }
      const braid = sides.braid.length ? combineSides(sides.braid) : null;
      const baseline = sides.baseline.length ? combineSides(sides.baseline) : null;
      multipath.push(multipathRow(name, scenario, braid, baseline));
      hooks.progress(
        `bench: ${name}: braid ${braid?.goodput_mbit ?? "-"} Mbit/s, baseline ${baseline?.goodput_mbit ?? "-"}, ` +
          `gap ${braid?.probe.max_gap_ms ?? "-"} ms, lost ${braid?.probe.lost ?? "-"}/${braid?.probe.sent ?? "-"}`,
      );
    }
  }
  const commit = gitOf(["rev-parse", "HEAD"])?.trim() ?? null;
  const status = gitOf(["status", "--porcelain", "--untracked-files=no"]);
  return {
    date,
    commit,
    tree_dirty: status === null ? null : status.trim() !== "",
    quick: plan.quick,
    machine: host,
    single_path: singlePath,
    multipath,
    failures,
    duration_s: Number(((performance.now() - startedMs) / 1000).toFixed(1)),
  };
}
