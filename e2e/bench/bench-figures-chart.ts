// The throughput chart of docs/benchmarks.md: single-path TCP for veth, wireguard-go and Braid (log scale), and
// Braid's multipath goodput beside the link sum, the best link and the routed baseline.
import { type ChartPanel, renderBarChart } from "./bench-chart";
import type { BenchResult } from "./bench-result";

export function throughputChart(result: BenchResult): string {
  const panels: ChartPanel[] = [];
  if (result.single_path.length) {
    panels.push({
      title: "Single path, one veth: iperf3 TCP, one stream",
      scale: "log",
      unit: "Mbit/s",
      series: [
        { name: "upload", color: "#2b6cb0" },
        { name: "download", color: "#90cdf4" },
      ],
      groups: result.single_path.map((row) => ({
        label: row.label,
        bars: [
          { series: "upload", value: row.upload_mbit },
          { series: "download", value: row.download_mbit },
        ],
      })),
    });
  }
  const tcpRows = result.multipath.filter((row) => row.tcp_streams > 0);
  if (tcpRows.length) {
    panels.push({
      title: "Multipath lab: TCP goodput against what the links offer",
      scale: "linear",
      unit: "Mbit/s",
      series: [
        { name: "link sum", color: "#a0aec0" },
        { name: "best link", color: "#cbd5e0" },
        { name: "Braid bond", color: "#dd6b20" },
        { name: "routed baseline (ECMP)", color: "#68d391" },
      ],
      groups: tcpRows.map((row) => ({
        label: `${row.scenario} (${row.links.map((l) => l.rate_mbit).join("+")})`,
        bars: [
          { series: "link sum", value: row.link_sum_mbit },
          { series: "best link", value: row.best_link_mbit },
          { series: "Braid bond", value: row.braid?.goodput_mbit ?? null },
          { series: "routed baseline (ECMP)", value: row.baseline?.goodput_mbit ?? null },
        ],
      })),
    });
  }
  const commit = result.commit ? `, commit ${result.commit.slice(0, 12)}` : "";
  return renderBarChart(
    panels,
    `braid bench, ${result.date}${commit}; ${result.machine.cpus} cores, kernel ${result.machine.kernel}`,
  );
}
