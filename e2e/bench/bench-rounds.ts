// Several rounds of one single-path case folded into one row: medians, so one noisy round (the cores are shared)
// does not make the figure, with every round's throughput kept beside it.
import type { MultipathSide, PingFigures, SinglePathRow } from "./bench-result";

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

const medianOrNull = (values: readonly (number | null)[]) => {
  const present = values.filter((value): value is number => value !== null);
  return present.length ? Number(median(present).toFixed(3)) : null;
};

function combinePings(pings: readonly PingFigures[]): PingFigures {
  return {
    p50: medianOrNull(pings.map((p) => p.p50)),
    p99: medianOrNull(pings.map((p) => p.p99)),
    sent: pings.reduce((sum, p) => sum + p.sent, 0),
    lost: pings.reduce((sum, p) => sum + p.lost, 0),
  };
}

/** One row from the rounds of one kind (at least one). */
export function combineRounds(rows: readonly SinglePathRow[]): SinglePathRow {
  const [first] = rows;
  if (!first) throw new Error("combineRounds needs at least one round");
  if (rows.length === 1) return first;
  const cpus = rows.map((row) => row.tunnel_cpu_pct).filter((cpu) => cpu !== null);
  const round2 = (value: number) => Number(value.toFixed(2));
  return {
    kind: first.kind,
    label: first.label,
    upload_mbit: round2(median(rows.map((row) => row.upload_mbit))),
    download_mbit: round2(median(rows.map((row) => row.download_mbit))),
    runs: rows.flatMap((row) => row.runs),
    upload_retransmits: Math.round(median(rows.map((row) => row.upload_retransmits))),
    download_retransmits: Math.round(median(rows.map((row) => row.download_retransmits))),
    idle_ping_ms: combinePings(rows.map((row) => row.idle_ping_ms)),
    loaded_ping_ms: combinePings(rows.map((row) => row.loaded_ping_ms)),
    tunnel_cpu_pct: cpus.length
      ? {
          server: Number(median(cpus.map((cpu) => cpu.server)).toFixed(1)),
          client: Number(median(cpus.map((cpu) => cpu.client)).toFixed(1)),
        }
      : null,
  };
}

/** One lab side from its rounds (at least one): medians, summed probe counts, the longest gap of any round. */
export function combineSides(sides: readonly MultipathSide[]): MultipathSide {
  const [first] = sides;
  if (!first) throw new Error("combineSides needs at least one round");
  if (sides.length === 1) return first;
  const mid = (pick: (side: MultipathSide) => number, digits = 2) =>
    Number(median(sides.map(pick)).toFixed(digits));
  const cpus = sides.map((side) => side.braid_cpu_pct).filter((cpu) => cpu !== null);
  return {
    goodput_mbit: mid((side) => side.goodput_mbit),
    efficiency: mid((side) => side.efficiency, 3),
    probe: {
      sent: sides.reduce((sum, side) => sum + side.probe.sent, 0),
      lost: sides.reduce((sum, side) => sum + side.probe.lost, 0),
      max_gap_ms: Math.max(...sides.map((side) => side.probe.max_gap_ms)),
      rtt_ms: {
        p50: medianOrNull(sides.map((side) => side.probe.rtt_ms.p50)),
        p99: medianOrNull(sides.map((side) => side.probe.rtt_ms.p99)),
      },
    },
    emulator_cpu_pct: mid((side) => side.emulator_cpu_pct, 1),
    braid_cpu_pct: cpus.length
      ? {
          server: Number(median(cpus.map((cpu) => cpu.server)).toFixed(1)),
          client: Number(median(cpus.map((cpu) => cpu.client)).toFixed(1)),
        }
      : null,
    runs: sides.flatMap((side) => side.runs),
    events: first.events,
  };
}
