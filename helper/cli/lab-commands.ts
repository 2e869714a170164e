// `braid lab run|up|down`: the network lab of e2e/lab/, as a command (root only).
import { readFileSync } from "node:fs";
import { LabJournal, removeLeftoverLabs } from "../../e2e/lab/lab-journal";
import { buildAndServe, runLab } from "../../e2e/lab/lab-run";
import { parseScenario, ScenarioError } from "../../e2e/lab/scenario";
import type { CliIo, ExitCode } from "./cli-io";

export async function labCommand(io: CliIo, args: readonly string[]): Promise<ExitCode> {
  // Each TUN end parks an async poll() on a libuv pool thread (2 per link, up to 8 links); with the default 4
  // threads the rest wait out a 250 ms poll slice, which showed as 50–200 ms ping spikes. Must be set before the
  // pool's first use, which nothing in braid does before this point.
  process.env.UV_THREADPOOL_SIZE ??= "24";
  const [sub, ...rest] = args;
  if (sub === "down") {
    const removed = removeLeftoverLabs();
    io.err(
      removed.length
        ? `braid lab down: removed ${removed.join(", ")}\n`
        : "braid lab down: no lab is running\n",
    );
    return 0;
  }
  if (sub !== "run" && sub !== "up") {
    io.err(
      `braid lab: expected run, up or down, got ${sub === undefined ? "nothing" : `"${sub}"`}; see braid lab --help\n`,
    );
    return 2;
  }
  const tunnel = !rest.includes("--no-tunnel");
  const file = rest.find((arg) => !arg.startsWith("--"));
  if (file === undefined) {
    io.err(`braid lab ${sub}: name a scenario file (see docs/lab.md)\n`);
    return 2;
  }
  if (process.getuid?.() !== 0) {
    io.err("braid lab run: needs root (network namespaces and TUN); run it with sudo\n");
    return 1;
  }
  let scenario: ReturnType<typeof parseScenario>;
  try {
    scenario = parseScenario(readFileSync(file, "utf8"));
  } catch (error) {
    io.err(`braid lab run: ${file}: ${error instanceof Error ? error.message : String(error)}\n`);
    return error instanceof ScenarioError ? 2 : 1;
  }
  const journal = new LabJournal();
  const onSignal = (signal: NodeJS.Signals) => {
    io.err(`braid lab run: ${signal}, tearing the lab down\n`);
    journal.teardown();
    process.exit(1);
  };
  process.once("SIGINT", onSignal);
  process.once("SIGTERM", onSignal);
  try {
    if (sub === "up") {
      const net = await buildAndServe(scenario, journal, { tunnel, progress: (line) => io.err(`${line}\n`) });
      io.err(
        `braid lab up: running; try: ip netns exec ${net.ns.client} ping ${net.internetAddress}\n` +
          `  iperf3 -c ${net.internetAddress} from ${net.ns.client}; Ctrl-C (or braid lab down) removes it\n`,
      );
      await new Promise(() => {}); // until a signal tears the lab down
    }
    const result = await runLab(scenario, journal, { tunnel, progress: (line) => io.err(`${line}\n`) });
    io.out(`${JSON.stringify(result)}\n`);
    return 0;
  } catch (error) {
    io.err(`braid lab run: ${error instanceof Error ? error.message : String(error)}\n`);
    return 1;
  } finally {
    journal.teardown();
    process.off("SIGINT", onSignal);
    process.off("SIGTERM", onSignal);
  }
}
