// `braid bench`'s arguments, parsed into one typed value (pure, so it is tested without root).
import { UsageError } from "./cli-io";

export type BenchPart = "single-path" | "multipath";

export interface BenchArgs {
  /** Short cases (a few seconds each), as CI runs them. */
  readonly quick: boolean;
  readonly parts: readonly BenchPart[];
  /** Rounds of every case (interleaved, medians reported); undefined: 1 quick, 3 full. */
  readonly rounds: number | undefined;
  /** Also write the result object here (it always goes to stdout). */
  readonly jsonFile: string | undefined;
  /** Write the Markdown report here (and its SVG chart beside it). */
  readonly reportFile: string | undefined;
  /** Render the report from this earlier result instead of running the benchmark. */
  readonly fromFile: string | undefined;
}

const parts: readonly BenchPart[] = ["single-path", "multipath"];

/** Throws UsageError naming the bad argument and what was expected. */
export function parseBenchArgs(args: readonly string[]): BenchArgs {
  let quick = false;
  let only: BenchPart | undefined;
  let rounds: number | undefined;
  const files: { json?: string; report?: string; from?: string } = {};
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] as string;
    const [flag, inline] = arg.startsWith("--") && arg.includes("=") ? arg.split(/=(.*)/s) : [arg, undefined];
    const value = (): string => {
      const next = inline ?? args[++i];
      if (next === undefined || next === "" || (inline === undefined && next.startsWith("--")))
        throw new UsageError(`${flag} needs a value`);
      return next;
    };
    switch (flag) {
      case "--quick":
        quick = true;
        break;
      case "--only": {
        const part = value();
        if (!parts.includes(part as BenchPart))
          throw new UsageError(`--only: expected single-path or multipath, got "${part}"`);
        only = part as BenchPart;
        break;
      }
      case "--rounds": {
        const text = value();
        rounds = Number(text);
        if (!/^\d+$/.test(text) || rounds < 1 || rounds > 10)
          throw new UsageError(`--rounds: expected a whole number from 1 to 10, got "${text}"`);
        break;
      }
      case "--json":
        files.json = value();
        break;
      case "--report":
        files.report = value();
        break;
      case "--from":
        files.from = value();
        break;
      default:
        throw new UsageError(`unexpected argument "${arg}"`);
    }
  }
  if (files.from !== undefined && files.report === undefined)
    throw new UsageError("--from FILE.json renders a report: name it with --report FILE.md");
  if (
    files.from !== undefined &&
    (quick || only !== undefined || files.json !== undefined || rounds !== undefined)
  )
    throw new UsageError(
      "--from renders an earlier result: --quick, --only, --rounds and --json do not apply",
    );
  return {
    quick,
    parts: only === undefined ? parts : [only],
    rounds,
    jsonFile: files.json,
    reportFile: files.report,
    fromFile: files.from,
  };
}
