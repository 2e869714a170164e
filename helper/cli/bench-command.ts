// `braid bench`: runs e2e/bench's cases (root), prints the result object, and writes docs/benchmarks.md from it.
import { readFileSync, writeFileSync } from "node:fs";
import { writeBenchReport } from "../../e2e/bench/bench-report-file";
import type { BenchResult } from "../../e2e/bench/bench-result";
import { runBench } from "../../e2e/bench/bench-run";
import type { LabJournal } from "../../e2e/lab/lab-journal";
import { type BenchArgs, parseBenchArgs } from "./bench-args";
import { type CliIo, type ExitCode, UsageError } from "./cli-io";

export async function benchCommand(io: CliIo, args: readonly string[]): Promise<ExitCode> {
  let parsed: BenchArgs;
  try {
    parsed = parseBenchArgs(args);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    io.err(`braid bench: ${error.message}; see braid bench --help\n`);
    return 2;
  }
  if (parsed.fromFile !== undefined && parsed.reportFile !== undefined) {
    try {
      const result = JSON.parse(readFileSync(parsed.fromFile, "utf8")) as BenchResult;
      const written = writeBenchReport(result, parsed.reportFile);
      io.err(`braid bench: wrote ${written.join(" and ")}\n`);
      return 0;
    } catch (error) {
      io.err(`braid bench: ${parsed.fromFile}: ${error instanceof Error ? error.message : String(error)}\n`);
      return 1;
    }
  }
  if (process.getuid?.() !== 0) {
    io.err("braid bench: needs root (network namespaces, TUN and veth); run it with sudo\n");
    return 1;
  }
  // The lab's link emulators park one poll() per TUN end on libuv's pool (see braid lab).
  process.env.UV_THREADPOOL_SIZE ??= "24";
  const active = new Set<LabJournal>();
  const onSignal = (signal: NodeJS.Signals) => {
    io.err(`braid bench: ${signal}, removing the benchmark's namespaces\n`);
    for (const journal of active) journal.teardown();
    process.exit(1);
  };
  process.once("SIGINT", onSignal);
  process.once("SIGTERM", onSignal);
  try {
    const result = await runBench(parsed, { progress: (line) => io.err(`${line}\n`), active });
    const json = `${JSON.stringify(result, null, 2)}\n`;
    io.out(json);
    if (parsed.jsonFile !== undefined) writeFileSync(parsed.jsonFile, json);
    if (parsed.reportFile !== undefined)
      io.err(`braid bench: wrote ${writeBenchReport(result, parsed.reportFile).join(" and ")}\n`);
    if (result.failures.length > 0) {
      io.err(
        `braid bench: ${result.failures.length} case(s) failed: ${result.failures.map((f) => f.case).join(", ")}\n`,
      );
      return 1;
    }
    return 0;
  } catch (error) {
    io.err(`braid bench: ${error instanceof Error ? error.message : String(error)}\n`);
    return 1;
  } finally {
    for (const journal of active) journal.teardown();
    process.off("SIGINT", onSignal);
    process.off("SIGTERM", onSignal);
  }
}
