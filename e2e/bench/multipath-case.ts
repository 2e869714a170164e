// One multipath case of `braid bench`: a lab scenario run through Braid's tunnel and as the routed baseline
// (ECMP over the same links, no tunnel), each in its own bbench- namespaces, summarised side by side.
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { type LabJournal, run } from "../lab/lab-journal";
import { linkSumMbit, runLab } from "../lab/lab-run";
import { parseScenario, type Scenario } from "../lab/scenario";
import type { MultipathRow, MultipathSide } from "./bench-result";
import { cpuMeter } from "./process-cpu";
import { benchNsPrefix } from "./single-path-case";

/** e2e/lab/scenarios, from the source tree (e2e/bench) or from the bundle (dist/helper). */
export function scenariosDir(): string {
  const candidates = [
    path.join(__dirname, "..", "lab", "scenarios"),
    path.join(__dirname, "..", "..", "e2e", "lab", "scenarios"),
  ];
  const found = candidates.find((dir) => existsSync(path.join(dir, "aggregation.json")));
  if (!found)
    throw new Error(`bench: no lab scenarios in ${candidates.join(" or ")}; run from a Braid checkout`);
  return found;
}

export function loadScenario(name: string): Scenario {
  return parseScenario(readFileSync(path.join(scenariosDir(), `${name}.json`), "utf8"));
}

/** The pid of the node process in a namespace (Braid; the lab's iperf3 and probe echo run elsewhere), or 0. */
function braidPidIn(ns: string): number {
  const pids = run(["ip", "netns", "pids", ns]).split("\n").filter(Boolean).map(Number);
  return (
    pids.find((pid) => {
      try {
        return readFileSync(`/proc/${pid}/cmdline`, "utf8").includes("braid.js");
      } catch {
        return false;
      }
    }) ?? 0
  );
}

export async function runMultipathSide(
  scenario: Scenario,
  tunnel: boolean,
  journal: LabJournal,
  progress: (line: string) => void,
): Promise<MultipathSide> {
  // The lab names its namespaces in its first progress line and says when traffic starts: Braid's processes are
  // found then (ip netns exec execs, so each namespace's node process is Braid itself) and metered to the end.
  let labId: string | undefined;
  let meter: (() => number[]) | undefined;
  const watch = (line: string) => {
    progress(line);
    labId ??= new RegExp(`^lab ${benchNsPrefix}([0-9a-f]+):`).exec(line)?.[1];
    if (tunnel && labId && line.startsWith("lab: traffic for")) {
      const pids = ["server", "client"].map((role) => braidPidIn(`${benchNsPrefix}${labId}-${role}`));
      if (!pids.includes(0)) meter = cpuMeter(pids);
    }
  };
  const result = await runLab(scenario, journal, { tunnel, progress: watch, nsPrefix: benchNsPrefix });
  const [serverPct, clientPct] = meter?.() ?? [];
  return {
    braid_cpu_pct:
      serverPct === undefined || clientPct === undefined
        ? null
        : { server: Number(serverPct.toFixed(1)), client: Number(clientPct.toFixed(1)) },
    goodput_mbit: result.goodput_mbit,
    efficiency: result.efficiency,
    probe: result.probe,
    runs: [
      {
        goodput_mbit: result.goodput_mbit,
        max_gap_ms: result.probe.max_gap_ms,
        lost: result.probe.lost,
        sent: result.probe.sent,
      },
    ],
    emulator_cpu_pct: result.emulator_cpu_pct,
    // Braid's own path events only: the scenario's link events are in the row already.
    events: result.events.filter((event) => !["down", "up", "set"].includes(event.kind)),
  };
}

export function multipathRow(
  name: string,
  scenario: Scenario,
  braid: MultipathSide | null,
  baseline: MultipathSide | null,
): MultipathRow {
  const directions = scenario.traffic.direction === "both" ? 2 : 1;
  return {
    scenario: name,
    mode: scenario.mode,
    links: scenario.links.map((link) => ({
      name: link.name,
      rate_mbit: link.rateMbit,
      delay_ms: link.delayMs,
    })),
    link_events: scenario.events.map((event) => `${event.link} ${event.action.kind} at ${event.atS} s`),
    tcp_streams: scenario.traffic.tcpStreams,
    direction: scenario.traffic.direction,
    link_sum_mbit: Number((linkSumMbit(scenario) * directions).toFixed(2)),
    best_link_mbit: Math.max(...scenario.links.map((link) => link.rateMbit)) * directions,
    braid,
    baseline,
  };
}
