// docs/benchmarks.md from a `braid bench` result: machine, tables, the targets of issue 4 met or short, and where
// the time goes when Braid misses. Pure: the figures come only from the result object.
import type { BenchResult, MultipathRow, MultipathSide, SinglePathKind, SinglePathRow } from "./bench-result";
import { targetRows } from "./bench-targets";

export const num = (value: number | null | undefined, digits = 2): string =>
  value === null || value === undefined || !Number.isFinite(value) ? "–" : value.toFixed(digits);
const pair = (a: string, b: string) => `${a} / ${b}`;
const pingCell = (p: { p50: number | null; p99: number | null }) => pair(num(p.p50, 3), num(p.p99, 3));

export function rowOf(result: BenchResult, kind: SinglePathKind): SinglePathRow | undefined {
  return result.single_path.find((row) => row.kind === kind);
}

/** The median, and each round's figure when there were several. */
function throughputCell(row: SinglePathRow, key: "upload_mbit" | "download_mbit"): string {
  const runs = row.runs.length > 1 ? ` (${row.runs.map((run) => num(run[key], 1)).join(", ")})` : "";
  return `${num(row[key], 1)}${runs}`;
}

function singlePathTable(result: BenchResult): string[] {
  const veth = rowOf(result, "veth");
  const lines = [
    "| path | TCP up Mbit/s | TCP down Mbit/s | idle ping p50 / p99 ms | added idle p50 ms | ping under load p50 / p99 ms | tunnel CPU server / client % | retransmits up / down |",
    "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
  ];
  for (const row of result.single_path) {
    const added =
      veth && row.kind !== "veth" && row.idle_ping_ms.p50 !== null && veth.idle_ping_ms.p50 !== null
        ? num(row.idle_ping_ms.p50 - veth.idle_ping_ms.p50, 3)
        : "–";
    const cpu = row.tunnel_cpu_pct
      ? pair(num(row.tunnel_cpu_pct.server, 0), num(row.tunnel_cpu_pct.client, 0))
      : "–";
    const lost =
      row.loaded_ping_ms.lost > 0 ? ` (${row.loaded_ping_ms.lost} of ${row.loaded_ping_ms.sent} lost)` : "";
    lines.push(
      `| ${row.label} | ${throughputCell(row, "upload_mbit")} | ${throughputCell(row, "download_mbit")} | ${pingCell(row.idle_ping_ms)} | ` +
        `${added} | ${pingCell(row.loaded_ping_ms)}${lost} | ${cpu} | ` +
        `${pair(String(row.upload_retransmits), String(row.download_retransmits))} |`,
    );
  }
  return lines;
}

const sideCell = (side: MultipathSide | null, pick: (side: MultipathSide) => string) =>
  side ? pick(side) : "failed";

function linksCell(row: MultipathRow): string {
  const links = row.links.map((l) => `${l.name} ${l.rate_mbit} Mbit/s ${l.delay_ms} ms`).join(", ");
  return row.link_events.length ? `${links}; ${row.link_events.join(", ")}` : links;
}

/** Each round's figure in brackets, when there were several rounds. */
const eachRound = (side: MultipathSide, key: "goodput_mbit" | "max_gap_ms") =>
  side.runs.length > 1 ? ` (${side.runs.map((run) => num(run[key], 1)).join(", ")})` : "";

const rttPair = (side: MultipathSide) => pair(num(side.probe.rtt_ms.p50, 1), num(side.probe.rtt_ms.p99, 1));

function multipathTable(result: BenchResult): string[] {
  const lines = [
    "| scenario | mode | links (rate, one-way delay; events) | traffic | link sum | best link | Braid goodput | Braid ÷ link sum | Braid ÷ best link | routed baseline goodput |",
    "| --- | --- | --- | --- | ---: | ---: | ---: | ---: | ---: | ---: |",
  ];
  // Probe-only scenarios (failover) have no goodput: they appear in the probe table only.
  for (const row of result.multipath.filter((r) => r.tcp_streams > 0)) {
    const goodput = (side: MultipathSide | null, of = 1) =>
      sideCell(
        side,
        (s) => num(s.goodput_mbit / of, of === 1 ? 1 : 2) + (of === 1 ? eachRound(s, "goodput_mbit") : ""),
      );
    lines.push(
      `| ${row.scenario} | ${row.mode} | ${linksCell(row)} | ${row.tcp_streams} TCP ${row.direction} | ` +
        `${num(row.link_sum_mbit, 1)} | ${num(row.best_link_mbit, 0)} | ${goodput(row.braid)} | ` +
        `${goodput(row.braid, row.link_sum_mbit)} | ${goodput(row.braid, row.best_link_mbit)} | ${goodput(row.baseline)} |`,
    );
  }
  lines.push(
    "",
    "Probes (UDP through the tunnel at the scenario's probe_hz, echoed; with several rounds, losses are summed, the gap is " +
      "the longest of any round and RTTs are medians; the baseline's probe flow is hashed onto one " +
      "link, so it loses everything while that link is down, or nothing if it hashed elsewhere):",
    "",
    "| scenario | probes lost, Braid | probes lost, baseline | longest gap ms, Braid / baseline | probe RTT p50 / p99 ms, Braid; baseline | Braid's path events | Braid CPU server / client % | emulator CPU % Braid / baseline |",
    "| --- | ---: | ---: | ---: | ---: | --- | ---: | ---: |",
  );
  for (const row of result.multipath) {
    const lost = (side: MultipathSide | null) => sideCell(side, (s) => `${s.probe.lost} / ${s.probe.sent}`);
    const events = row.braid?.events.map((e) => `${e.kind} ${e.link} ${num(e.t_s, 2)} s`).join(", ") || "–";
    lines.push(
      `| ${row.scenario} | ${lost(row.braid)} | ${lost(row.baseline)} | ` +
        `${pair(
          sideCell(row.braid, (s) => num(s.probe.max_gap_ms, 1) + eachRound(s, "max_gap_ms")),
          sideCell(row.baseline, (s) => num(s.probe.max_gap_ms, 1) + eachRound(s, "max_gap_ms")),
        )} | ` +
        `${sideCell(row.braid, rttPair)}; ${sideCell(row.baseline, rttPair)} | ${events} | ` +
        `${sideCell(row.braid, (s) => (s.braid_cpu_pct ? pair(num(s.braid_cpu_pct.server, 0), num(s.braid_cpu_pct.client, 0)) : "–"))} | ` +
        `${pair(
          sideCell(row.braid, (s) => num(s.emulator_cpu_pct, 0)),
          sideCell(row.baseline, (s) => num(s.emulator_cpu_pct, 0)),
        )} |`,
    );
  }
  return lines;
}

function whereTheTimeGoes(result: BenchResult): string[] {
  const braid = rowOf(result, "braid");
  const mixed = rowOf(result, "braid-vs-wireguard-go");
  const wg = rowOf(result, "wireguard-go");
  const lines = ["## Where the time goes when Braid misses", ""];
  if (braid) {
    const cpu = braid.tunnel_cpu_pct;
    lines.push(
      `- **Braid ↔ Braid on one path** carried ${num(braid.upload_mbit, 1)} Mbit/s up and ${num(braid.download_mbit, 1)} down` +
        (wg ? ` against wireguard-go's ${num(wg.upload_mbit, 1)} / ${num(wg.download_mbit, 1)}` : "") +
        (cpu
          ? `, with its processes at ${num(cpu.server, 0)} % (server) and ${num(cpu.client, 0)} % (client) of a core`
          : "") +
        ". The limit is the Data Distributor's pacing, not the TUN, the sockets or the crypto: its per-path capacity " +
        "estimate and 5 ms tail-drop queue hold TCP far below the path (docs/engine.md, shortfall 1; the engine's " +
        "`dropsQueueFull` counter equals iperf3's retransmits). Earlier runs measured 8–14 Mbit/s " +
        "(docs/dataplane-performance.md).",
    );
    const each = braid.runs.flatMap((run) => [run.upload_mbit, run.download_mbit]);
    const [low, high] = [Math.min(...each), Math.max(...each)];
    if (each.length > 2 && low > 0 && high / low > 3)
      lines.push(
        `- **Braid ↔ Braid swings between rounds**, from ${num(low, 1)} to ${num(high, 1)} Mbit/s on the same veth: ` +
          "the path and the build are the same in every round, so the difference is state Braid builds up while it " +
          "runs (most likely the distributor's capacity estimate, above). A single run of Braid ↔ Braid is not to " +
          "be trusted alone.",
      );
  }
  if (mixed) {
    lines.push(
      `- **Braid's client against a stock wireguard-go server** (plain WireGuard: no Braid capability, so no distributor ` +
        `pacing) carried ${num(mixed.upload_mbit, 1)} Mbit/s up and ${num(mixed.download_mbit, 1)} down in this run, ` +
        "through the same TUN, sockets and crypto as the row above; docs/dataplane-performance.md measured 560–600 Mbit/s. " +
        "That is the data plane's own ceiling today, and what Braid ↔ Braid should reach once the distributor paces by " +
        "the path's real capacity.",
    );
  }
  if (braid && wg && braid.idle_ping_ms.p50 !== null && wg.idle_ping_ms.p50 !== null) {
    lines.push(
      `- **Idle latency**: Braid ${num(braid.idle_ping_ms.p50, 3)} ms against wireguard-go's ${num(wg.idle_ping_ms.p50, 3)} ms ` +
        "(p50). Braid reads its TUN after an asynchronous poll() on libuv's thread pool, so every wake-up crosses " +
        "from a pool thread to the event loop before the reads; the issue's calibration of that shape added about " +
        "1.2 ms where wireguard-go, blocking in read() on its own threads, adds about 0.4.",
    );
  }
  const tcpRows = result.multipath.filter((row) => row.braid && row.tcp_streams > 0);
  const loaded = tcpRows.filter((row) => row.baseline);
  if (loaded.length) {
    const boundMs = (row: MultipathRow) => 4 * Math.min(...row.links.map((link) => link.delay_ms)) + 20;
    const over = (side: MultipathSide | null, row: MultipathRow) =>
      (side?.probe.rtt_ms.p99 ?? 0) > boundMs(row);
    const lowerMedian = loaded.every(
      (row) => (row.braid!.probe.rtt_ms.p50 ?? Infinity) < (row.baseline!.probe.rtt_ms.p50 ?? 0),
    );
    lines.push(
      "- **Probe RTT under load**: " +
        loaded
          .map(
            (row) =>
              `${row.scenario} Braid ${rttPair(row.braid!)} ms, routed baseline ${rttPair(row.baseline!)} ms`,
          )
          .join("; ") +
        " (p50 / p99). The baseline's probes wait behind TCP in the emulated links' bottleneck queues (50 ms each " +
        "by default, docs/lab.md)" +
        (loaded.every((row) => over(row.baseline, row))
          ? ", so plain routing misses the bound of 2 × the fastest idle RTT + 20 ms too"
          : "") +
        (lowerMedian ? "; Braid's pacing keeps the median below the baseline's" : "") +
        (loaded.some((row) => over(row.braid, row)) ? ", and its tail is where it misses." : "."),
    );
  }
  if (tcpRows.length) {
    const figures = tcpRows
      .map((row) => {
        const cpu = row.braid?.braid_cpu_pct;
        return (
          `${row.scenario} carried ${num(row.braid?.efficiency, 2)} of the link sum` +
          (row.baseline ? `, the routed baseline ${num(row.baseline.efficiency, 2)}` : "") +
          (cpu ? `, Braid's processes at ${num(cpu.server, 0)} / ${num(cpu.client, 0)} % of a core` : "")
        );
      })
      .join("; ");
    lines.push(
      `- **Aggregation**: ${figures}. Short for the same reason as the single path: the distributor's per-path ` +
        "estimate paces each path below the rate the emulated link offers, so TCP never fills the links while " +
        "Braid's processes have CPU to spare. The emulator's CPU column shows whether the lab itself is the limit " +
        "(a figure near 100 % would mean it is).",
    );
  }
  return lines;
}

export function renderBenchReport(result: BenchResult, chartFile: string): string {
  const m = result.machine;
  const commit = result.commit
    ? `\`${result.commit.slice(0, 12)}\`${result.tree_dirty ? " (with uncommitted changes in the tree)" : ""}`
    : "unknown";
  const lines = [
    "# Benchmarks",
    "",
    "Generated by `sudo braid bench --json docs/benchmarks.json --report docs/benchmarks.md` from one run, every " +
      "case side by side on the same machine (the result object is in benchmarks.json):",
    "",
    `- date: ${result.date}; commit ${commit}; ${result.quick ? "**quick** run (short cases)" : "full run"}, ${num(result.duration_s, 0)} s`,
    `- machine: ${m.cpus} × ${m.cpu_model}; kernel ${m.kernel} (${m.os}); Node ${m.node}; load average ${num(m.load_avg_1m)} at the start`,
    "- the cores are shared with other work, so figures are noisy: compare rows of one run, not runs of different days",
    "",
    "## Single path: one veth between two namespaces",
    "",
    "iperf3 TCP, one stream, each way; ping every 10 ms, idle and while iperf3 runs; CPU from /proc/PID/stat of each " +
      "tunnel process during iperf3, percent of one core. With several rounds (run interleaved), each figure is the " +
      "median and the throughput cells list every round in brackets.",
    "",
    ...(result.single_path.length ? singlePathTable(result) : ["Not run."]),
    "",
    `![Throughput: veth, wireguard-go and Braid on one path; Braid multipath against the link sum](${chartFile})`,
    "",
    "## Multipath: lab scenarios (docs/lab.md)",
    "",
    "Each scenario runs through Braid's tunnel and again as the routed baseline (`braid lab run --no-tunnel`: ECMP " +
      "over the same links, hashed by 5-tuple), in the same run. The best link is the fastest link's rate alone.",
    "",
    ...(result.multipath.length ? multipathTable(result) : ["Not run."]),
    "",
    "## Targets (issue 4)",
    "",
    "| target | reached | |",
    "| --- | --- | --- |",
    ...targetRows(result).map(
      (t) =>
        `| ${t.target} | ${t.reached} | ${t.met === null ? "not measured" : t.met ? "met" : "**short**"} |`,
    ),
    "",
    ...whereTheTimeGoes(result),
    "",
  ];
  if (result.failures.length) {
    lines.push("## Cases that failed in this run", "");
    for (const failure of result.failures)
      lines.push(`- ${failure.case}: ${failure.error.split("\n")[0]?.slice(0, 300) ?? ""}`);
    lines.push("");
  }
  lines.push(
    "## Reproduce",
    "",
    "```sh",
    "npm run build",
    "sudo node dist/helper/braid.js bench --json docs/benchmarks.json --report docs/benchmarks.md   # about 11 minutes",
    "npx biome format --write docs/benchmarks.json   # the repository's lint wants Biome's JSON layout",
    "sudo node dist/helper/braid.js bench --quick --only single-path     # what CI runs (e2e/bench), about 30 s",
    "node dist/helper/braid.js bench --from docs/benchmarks.json --report docs/benchmarks.md   # re-render only",
    "```",
    "",
  );
  return lines.join("\n");
}
