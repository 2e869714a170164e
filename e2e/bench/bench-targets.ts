// Issue 4's data-plane targets checked against a `braid bench` result: each says what it asks, what was reached,
// and whether it is met (null when this run did not measure it).
import type { BenchResult, MultipathRow, MultipathSide } from "./bench-result";

export interface TargetRow {
  readonly target: string;
  readonly reached: string;
  readonly met: boolean | null;
}

const fixed = (value: number, digits = 2) => value.toFixed(digits);

function scenario(result: BenchResult, name: string): MultipathRow | undefined {
  return result.multipath.find((row) => row.scenario === name);
}

/** " (rounds a, b, c: N of M within the target)" when the scenario ran more than once. */
function roundsOf(
  row: MultipathRow,
  within: (run: MultipathSide["runs"][number]) => boolean,
  show: (run: MultipathSide["runs"][number]) => string,
): string {
  const runs = row.braid?.runs ?? [];
  if (runs.length < 2) return "";
  return ` (rounds ${runs.map(show).join(", ")}: ${runs.filter(within).length} of ${runs.length} within the target)`;
}

export function targetRows(result: BenchResult): TargetRow[] {
  const rows: TargetRow[] = [];
  const byKind = (kind: string) => result.single_path.find((row) => row.kind === kind);
  const braid = byKind("braid");
  const wg = byKind("wireguard-go");
  const veth = byKind("veth");
  if (braid && wg) {
    const braidMin = Math.min(braid.upload_mbit, braid.download_mbit);
    const wgMin = Math.min(wg.upload_mbit, wg.download_mbit);
    rows.push({
      target: "single-path throughput ≥ wireguard-go's (same run), each way",
      reached: `Braid ${fixed(braid.upload_mbit, 1)} / ${fixed(braid.download_mbit, 1)} vs ${fixed(wg.upload_mbit, 1)} / ${fixed(wg.download_mbit, 1)} Mbit/s (${fixed(braidMin / wgMin, 3)}×)`,
      met: braid.upload_mbit >= wg.upload_mbit && braid.download_mbit >= wg.download_mbit,
    });
  } else rows.push({ target: "single-path throughput ≥ wireguard-go's", reached: "–", met: null });
  if (braid && veth && braid.idle_ping_ms.p50 !== null && veth.idle_ping_ms.p50 !== null) {
    const addedMs = braid.idle_ping_ms.p50 - veth.idle_ping_ms.p50;
    rows.push({
      target: "added idle latency ≤ 0.5 ms over the raw path (ping p50)",
      reached: `${fixed(addedMs, 3)} ms`,
      met: addedMs <= 0.5,
    });
  } else rows.push({ target: "added idle latency ≤ 0.5 ms", reached: "–", met: null });
  if (braid && braid.loaded_ping_ms.p99 !== null && braid.idle_ping_ms.p50 !== null) {
    const boundMs = 2 * braid.idle_ping_ms.p50 + 20;
    rows.push({
      target: "single path under load: ping p99 ≤ 2 × idle RTT + 20 ms",
      reached: `${fixed(braid.loaded_ping_ms.p99, 2)} ms (bound ${fixed(boundMs, 2)} ms)`,
      met: braid.loaded_ping_ms.p99 <= boundMs,
    });
  }
  const standard = scenario(result, "three-links");
  rows.push(
    standard?.braid
      ? {
          target: "efficiency ≥ 0.9 on the standard three-link scenario (three-links)",
          reached: `${fixed(standard.braid.efficiency, 3)} (${fixed(standard.braid.goodput_mbit, 1)} of ${fixed(standard.link_sum_mbit, 1)} Mbit/s)`,
          met: standard.braid.efficiency >= 0.9,
        }
      : { target: "efficiency ≥ 0.9 on three-links", reached: "–", met: null },
  );
  for (const row of result.multipath) {
    if (!row.braid || row.tcp_streams === 0) continue;
    const fastestRttMs = 2 * Math.min(...row.links.map((link) => link.delay_ms));
    const boundMs = 2 * fastestRttMs + 20;
    const p99 = row.braid.probe.rtt_ms.p99;
    rows.push({
      target: `${row.scenario}: probe RTT p99 under load ≤ 2 × fastest path's idle RTT + 20 ms`,
      reached: p99 === null ? "no probe answered" : `${fixed(p99, 1)} ms (bound ${fixed(boundMs, 0)} ms)`,
      met: p99 === null ? false : p99 <= boundMs,
    });
  }
  const aggregation = scenario(result, "aggregation");
  if (aggregation?.braid)
    rows.push({
      target: "never slower than the best single link (aggregation)",
      reached: `${fixed(aggregation.braid.goodput_mbit, 1)} Mbit/s vs ${aggregation.best_link_mbit} Mbit/s`,
      met: aggregation.braid.goodput_mbit >= aggregation.best_link_mbit,
    });
  const bond = scenario(result, "failover-bond");
  rows.push(
    bond?.braid
      ? {
          target: "longest failover gap ≤ 100 ms in bond mode (failover-bond)",
          reached: `${fixed(bond.braid.probe.max_gap_ms, 1)} ms${roundsOf(
            bond,
            (run) => run.max_gap_ms <= 100,
            (run) => fixed(run.max_gap_ms, 1),
          )}`,
          met: bond.braid.probe.max_gap_ms <= 100,
        }
      : { target: "failover gap ≤ 100 ms in bond mode", reached: "–", met: null },
  );
  const redundant = scenario(result, "redundant");
  rows.push(
    redundant?.braid
      ? {
          target: "no probe lost in redundant mode when a link dies (redundant)",
          reached: `${redundant.braid.probe.lost} of ${redundant.braid.probe.sent} lost${roundsOf(
            redundant,
            (run) => run.lost === 0,
            (run) => String(run.lost),
          )}`,
          met: redundant.braid.probe.lost === 0,
        }
      : { target: "no probe lost in redundant mode", reached: "–", met: null },
  );
  return rows;
}
