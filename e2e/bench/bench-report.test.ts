import { describe, expect, it } from "vitest";
import { escapeXml, panelScale } from "./bench-chart";
import { throughputChart } from "./bench-figures-chart";
import { percentiles, pingFigures, pingRttsMs } from "./bench-ping";
import { renderBenchReport } from "./bench-report";
import type { BenchResult, MultipathSide, SinglePathRow } from "./bench-result";
import { combineRounds, combineSides, median } from "./bench-rounds";
import { targetRows } from "./bench-targets";
import { cpuTicksOfStatLine } from "./process-cpu";

const ping = (p50: number, p99: number) => ({ p50, p99, sent: 100, lost: 0 });

function singlePath(kind: SinglePathRow["kind"], up: number, down: number, idleP50: number): SinglePathRow {
  return {
    kind,
    label: kind,
    upload_mbit: up,
    download_mbit: down,
    runs: [{ upload_mbit: up, download_mbit: down }],
    upload_retransmits: 3,
    download_retransmits: 4,
    idle_ping_ms: ping(idleP50, idleP50 * 2),
    loaded_ping_ms: ping(idleP50 * 3, idleP50 * 10),
    tunnel_cpu_pct: kind === "veth" ? null : { server: 40, client: 55 },
  };
}

const side = (goodput: number, efficiency: number, lost: number, gapMs: number): MultipathSide => ({
  goodput_mbit: goodput,
  efficiency,
  probe: { sent: 2500, lost, max_gap_ms: gapMs, rtt_ms: { p50: 30, p99: 45 } },
  emulator_cpu_pct: 20,
  braid_cpu_pct: { server: 30, client: 45 },
  runs: [{ goodput_mbit: goodput, max_gap_ms: gapMs, lost, sent: 2500 }],
  events: [{ t_s: 2.08, kind: "path-down", link: "fiber" }],
});

const result: BenchResult = {
  date: "2026-12-03T13:00:00.000Z",
  commit: "0123456789abcdef0123456789abcdef01234567",
  tree_dirty: false,
  quick: false,
  machine: { cpus: 2, cpu_model: "AMD EPYC", kernel: "6.1.0", os: "Linux", node: "v20.20.2", load_avg_1m: 1 },
  single_path: [
    singlePath("veth", 16000, 15000, 0.05),
    singlePath("wireguard-go", 600, 500, 0.4),
    singlePath("braid", 12, 9, 1.3),
  ],
  multipath: [
    {
      scenario: "aggregation",
      mode: "bond",
      links: [
        { name: "fiber", rate_mbit: 40, delay_ms: 10 },
        { name: "cable", rate_mbit: 30, delay_ms: 20 },
      ],
      link_events: [],
      tcp_streams: 4,
      direction: "download",
      link_sum_mbit: 70,
      best_link_mbit: 40,
      braid: side(52, 0.743, 0, 40),
      baseline: null,
    },
    {
      scenario: "failover-bond",
      mode: "bond",
      links: [{ name: "fiber", rate_mbit: 50, delay_ms: 10 }],
      link_events: ["fiber down at 2 s"],
      tcp_streams: 0,
      direction: "upload",
      link_sum_mbit: 40,
      best_link_mbit: 50,
      braid: side(0, 0, 20, 64.5),
      baseline: side(0, 0, 400, 2000),
    },
  ],
  failures: [{ case: "multipath aggregation (routed baseline)", error: "iperf3 stalled\nmore detail" }],
  duration_s: 180,
};

describe("bench report", () => {
  const report = renderBenchReport(result, "benchmarks-throughput.svg");

  it("states when, where and on what it ran", () => {
    expect(report).toContain("2026-12-03T13:00:00.000Z");
    expect(report).toContain("commit `0123456789ab`");
    expect(report).toContain("2 × AMD EPYC; kernel 6.1.0");
    expect(report).toContain("Node v20.20.2");
    expect(report).toContain("![Throughput");
    expect(report).toContain("(benchmarks-throughput.svg)");
  });

  it("has one single-path row per kind, with the latency added over the raw veth", () => {
    expect(report).toContain(
      "| braid | 12.0 | 9.0 | 1.300 / 2.600 | 1.250 | 3.900 / 13.000 | 40 / 55 | 3 / 4 |",
    );
    expect(report).toContain("| veth | 16000.0 | 15000.0 | 0.050 / 0.100 | – |");
  });

  it("shows Braid against the link sum and the best link, and a failed side as failed", () => {
    expect(report).toMatch(
      /\| aggregation \| bond \| fiber 40 Mbit\/s 10 ms, cable 30 Mbit\/s 20 ms \| 4 TCP download \| 70\.0 \| 40 \| 52\.0 \| 0\.74 \| 1\.30 \| failed \|/,
    );
    expect(report).toContain(
      "| failover-bond | 20 / 2500 | 400 / 2500 | 64.5 / 2000.0 | 30.0 / 45.0; 30.0 / 45.0 | path-down fiber 2.08 s | 30 / 45 | 20 / 20 |",
    );
    expect(report).toContain("- multipath aggregation (routed baseline): iperf3 stalled\n");
    expect(report).not.toContain("| failover-bond | bond |"); // probes only: no goodput row
  });

  it("says which targets are met and which are short", () => {
    const targets = targetRows(result);
    const met = (prefix: string) => targets.find((t) => t.target.startsWith(prefix))?.met;
    expect(met("single-path throughput")).toBe(false);
    expect(met("added idle latency")).toBe(false); // 1.25 ms over the veth
    expect(met("longest failover gap")).toBe(true); // 64.5 ms
    expect(met("never slower than the best single link")).toBe(true); // 52 of 40
    expect(met("efficiency ≥ 0.9")).toBeNull(); // three-links not in this result
    expect(report).toContain(
      "| longest failover gap ≤ 100 ms in bond mode (failover-bond) | 64.5 ms | met |",
    );
    expect(report).toMatch(/\| single-path throughput .* \| \*\*short\*\* \|/);
  });

  it("explains where Braid's time goes with this run's figures", () => {
    expect(report).toContain("carried 12.0 Mbit/s up and 9.0 down against wireguard-go's 600.0 / 500.0");
    expect(report).toContain("Data Distributor's pacing");
  });
});

describe("rounds", () => {
  it("fold into medians, keeping each round's throughput, pooling ping counts", () => {
    const rounds = [
      singlePath("braid", 10, 8, 1.2),
      singlePath("braid", 14, 9, 1.4),
      singlePath("braid", 11, 30, 1.3),
    ];
    const row = combineRounds(rounds);
    expect(row).toMatchObject({
      upload_mbit: 11,
      download_mbit: 9,
      tunnel_cpu_pct: { server: 40, client: 55 },
    });
    expect(row.runs.map((run) => run.upload_mbit)).toEqual([10, 14, 11]);
    expect(row.idle_ping_ms).toEqual({ p50: 1.3, p99: 2.6, sent: 300, lost: 0 });
    expect(median([1, 2, 3, 10])).toBe(2.5);
  });

  it("show each round beside the median in the report", () => {
    const rounds = [singlePath("braid", 10, 8, 1.2), singlePath("braid", 14, 9, 1.4)];
    const report = renderBenchReport({ ...result, single_path: [combineRounds(rounds)] }, "c.svg");
    expect(report).toContain("| braid | 12.0 (10.0, 14.0) | 8.5 (8.0, 9.0) |");
    expect(report).not.toContain("swings between rounds");
    const swinging = [
      singlePath("braid", 190, 12, 1),
      singlePath("braid", 8, 9, 1),
      singlePath("braid", 30, 9, 1),
    ];
    expect(renderBenchReport({ ...result, single_path: [combineRounds(swinging)] }, "c.svg")).toContain(
      "swings between rounds**, from 8.0 to 190.0 Mbit/s",
    );
  });
});

describe("lab rounds", () => {
  it("fold into median goodput, summed losses and the longest gap, each round listed in the report", () => {
    const braid = combineSides([side(50, 0.7, 1, 40), side(30, 0.4, 0, 90), side(56, 0.8, 2, 35)]);
    expect(braid).toMatchObject({
      goodput_mbit: 50,
      efficiency: 0.7,
      probe: { sent: 7500, lost: 3, max_gap_ms: 90 },
    });
    const [aggregation] = result.multipath;
    const report = renderBenchReport({ ...result, multipath: [{ ...aggregation!, braid }] }, "c.svg");
    expect(report).toContain("| 50.0 (50.0, 30.0, 56.0) | 0.71 | 1.25 |");
    expect(report).toContain("| aggregation | 3 / 7500 | failed | 90.0 (40.0, 90.0, 35.0) / failed |");
    const bond = { ...result.multipath[1]!, braid: combineSides([side(0, 0, 20, 64.5), side(0, 0, 3, 161)]) };
    const gap = targetRows({ ...result, multipath: [bond] }).find((t) =>
      t.target.startsWith("longest failover gap"),
    );
    expect(gap).toEqual({
      target: "longest failover gap ≤ 100 ms in bond mode (failover-bond)",
      reached: "161.0 ms (rounds 64.5, 161.0: 1 of 2 within the target)",
      met: false,
    });
  });
});

describe("throughput chart", () => {
  const svg = throughputChart(result);

  it("is one SVG with a labelled bar per figure and both panels", () => {
    expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true);
    expect(svg.trimEnd().endsWith("</svg>")).toBe(true);
    expect(svg).toContain("<title>braid, upload: 12.0 Mbit/s</title>");
    expect(svg).toContain("Multipath lab: TCP goodput");
    expect(svg).toContain("not measured"); // the failed baseline
    expect(svg.match(/<rect /g)?.length).toBe(1 + 2 + 6 + 4 + 3); // background, legend and bars of each panel (the failed one has none)
  });

  it("puts single-path bars on a log scale up to the next power of ten", () => {
    const { ticks, x } = panelScale({
      title: "t",
      scale: "log",
      unit: "Mbit/s",
      series: [],
      groups: [{ label: "a", bars: [{ series: "s", value: 16000 }] }],
    });
    expect(ticks).toEqual([1, 10, 100, 1000, 10000, 100000]);
    expect(x(1000)).toBeCloseTo(x(100000) * 0.6);
  });

  it("escapes text for XML", () => {
    expect(escapeXml('a<b & "c">')).toBe("a&lt;b &amp; &quot;c&quot;&gt;");
  });
});

describe("figures from tools", () => {
  it("reads RTTs from ping's output and counts the lost", () => {
    const out =
      "64 bytes from 10.68.0.1: icmp_seq=1 ttl=64 time=0.412 ms\n64 bytes: icmp_seq=3 ttl=64 time=1.05 ms\n";
    expect(pingRttsMs(out)).toEqual([0.412, 1.05]);
    expect(pingFigures([0.412, 1.05], 3)).toEqual({ p50: 0.412, p99: 1.05, sent: 3, lost: 1 });
  });

  it("takes nearest-rank percentiles", () => {
    const values = Array.from({ length: 100 }, (_, i) => 100 - i);
    expect(percentiles(values)).toEqual({ p50: 50, p99: 99 });
    expect(percentiles([])).toEqual({ p50: null, p99: null });
  });

  it("reads user + system ticks from /proc/PID/stat, also when the name holds spaces and parentheses", () => {
    const fields = ["S", ...Array.from({ length: 10 }, () => "0"), "120", "35", "0", "0"];
    expect(cpuTicksOfStatLine(`4242 (wire guard) (x)) ${fields.join(" ")}`)).toBe(155);
  });
});
