// The simulated tunnel's links: up to eight believable uplinks and how a scheduler mode spreads traffic over them.
import type { PathPriority, SchedulerMode } from "../../helper/engine/path-types";
import type { InterfaceKind } from "../ipc/dashboard-types";

export interface SimulatedLink {
  readonly interface: string;
  readonly kind: InterfaceKind;
  readonly priority: PathPriority;
  readonly baseRttMs: number;
  readonly jitterMs: number;
  readonly baseLossRatio: number;
  readonly capacityBitsPerSec: number;
  readonly dataCapBytes?: number;
  /** Bytes already used this month when the simulation starts, so "data used" is not always zero. */
  readonly startBytesUsed: number;
}

const gigabyte = 1_000_000_000;

/** The first three are the lab's fiber, Wi-Fi and LTE; the rest only appear when a test asks for more paths. */
export const simulatedLinks: readonly SimulatedLink[] = [
  {
    interface: "eth0",
    kind: "ethernet",
    priority: "primary",
    baseRttMs: 9,
    jitterMs: 1.5,
    baseLossRatio: 0.001,
    capacityBitsPerSec: 300e6,
    startBytesUsed: 41.3 * gigabyte,
  },
  {
    interface: "wlan0",
    kind: "wifi",
    priority: "primary",
    baseRttMs: 21,
    jitterMs: 6,
    baseLossRatio: 0.006,
    capacityBitsPerSec: 110e6,
    startBytesUsed: 12.8 * gigabyte,
  },
  {
    interface: "wwan0",
    kind: "cellular",
    priority: "secondary",
    baseRttMs: 48,
    jitterMs: 12,
    baseLossRatio: 0.012,
    capacityBitsPerSec: 60e6,
    dataCapBytes: 20 * gigabyte,
    startBytesUsed: 6.4 * gigabyte,
  },
  {
    interface: "eth1",
    kind: "ethernet",
    priority: "primary",
    baseRttMs: 14,
    jitterMs: 2,
    baseLossRatio: 0.002,
    capacityBitsPerSec: 100e6,
    startBytesUsed: 3.1 * gigabyte,
  },
  {
    interface: "wlan1",
    kind: "wifi",
    priority: "secondary",
    baseRttMs: 30,
    jitterMs: 9,
    baseLossRatio: 0.01,
    capacityBitsPerSec: 50e6,
    startBytesUsed: 0.9 * gigabyte,
  },
  {
    interface: "wwan1",
    kind: "cellular",
    priority: "backup",
    baseRttMs: 62,
    jitterMs: 15,
    baseLossRatio: 0.015,
    capacityBitsPerSec: 40e6,
    dataCapBytes: 10 * gigabyte,
    startBytesUsed: 1.2 * gigabyte,
  },
  {
    interface: "usb0",
    kind: "other",
    priority: "backup",
    baseRttMs: 38,
    jitterMs: 10,
    baseLossRatio: 0.008,
    capacityBitsPerSec: 30e6,
    dataCapBytes: 5 * gigabyte,
    startBytesUsed: 0.4 * gigabyte,
  },
  {
    interface: "sat0",
    kind: "other",
    priority: "secondary",
    baseRttMs: 44,
    jitterMs: 14,
    baseLossRatio: 0.02,
    capacityBitsPerSec: 150e6,
    startBytesUsed: 7.7 * gigabyte,
  },
];

export const maxSimulatedPaths = simulatedLinks.length;

const priorityRank: Record<PathPriority, number> = { primary: 0, secondary: 1, backup: 2 };

/** Primaries, then secondaries, then backups, keeping list order within a rank (list order = preference). */
function byPriority(links: readonly SimulatedLink[]): SimulatedLink[] {
  return [...links].sort((a, b) => priorityRank[a.priority] - priorityRank[b.priority]);
}

/** Fills links in the given order, each up to its capacity, until the demand is met. */
function fillInOrder(order: readonly SimulatedLink[], demandBitsPerSec: number): Map<SimulatedLink, number> {
  const out = new Map<SimulatedLink, number>();
  let left = demandBitsPerSec;
  for (const link of order) {
    const take = Math.min(left, link.capacityBitsPerSec);
    out.set(link, take);
    left -= take;
  }
  return out;
}

/** Splits the demand in proportion to capacity (capped at each link's capacity). */
function byCapacity(links: readonly SimulatedLink[], demandBitsPerSec: number): Map<SimulatedLink, number> {
  const total = links.reduce((sum, link) => sum + link.capacityBitsPerSec, 0);
  const out = new Map<SimulatedLink, number>();
  for (const link of links) {
    const share = total > 0 ? link.capacityBitsPerSec / total : 0;
    out.set(link, Math.min(link.capacityBitsPerSec, demandBitsPerSec * share));
  }
  return out;
}

/**
 * Bits per second each up link carries for one direction's demand under a mode.
 * A rough model of the Data Distributor, good enough for the dashboard to show what each mode does.
 */
export function spreadTraffic(
  mode: SchedulerMode,
  upLinks: readonly SimulatedLink[],
  demandBitsPerSec: number,
  rttMsOf: (link: SimulatedLink) => number,
): Map<SimulatedLink, number> {
  if (upLinks.length === 0) return new Map();
  switch (mode) {
    case "bond": {
      // Primaries share by capacity; secondaries take what primaries cannot; backups only when nothing else is up.
      const primaries = upLinks.filter((l) => l.priority === "primary");
      const secondaries = upLinks.filter((l) => l.priority === "secondary");
      const first = primaries.length > 0 ? primaries : secondaries.length > 0 ? secondaries : upLinks;
      const firstCapacity = first.reduce((sum, l) => sum + l.capacityBitsPerSec, 0);
      const out = byCapacity(first, Math.min(demandBitsPerSec, firstCapacity * 0.85));
      const spill = demandBitsPerSec - [...out.values()].reduce((a, b) => a + b, 0);
      const rest = first === primaries ? secondaries : [];
      for (const [link, bits] of byCapacity(rest, spill)) out.set(link, bits);
      return out;
    }
    case "weighted":
    case "loss-aware":
      return byCapacity(upLinks, demandBitsPerSec);
    case "round-robin": {
      const each = demandBitsPerSec / upLinks.length;
      return new Map(upLinks.map((l) => [l, Math.min(each, l.capacityBitsPerSec)]));
    }
    case "redundant":
      // Every packet on every path: each carries the whole demand (as far as it can).
      return new Map(upLinks.map((l) => [l, Math.min(demandBitsPerSec, l.capacityBitsPerSec)]));
    case "lowest-latency":
      return fillInOrder(
        [...upLinks].sort((a, b) => rttMsOf(a) - rttMsOf(b)),
        demandBitsPerSec,
      );
    case "failover": {
      const [active] = byPriority(upLinks);
      return active ? new Map([[active, Math.min(demandBitsPerSec, active.capacityBitsPerSec)]]) : new Map();
    }
  }
}

/** mulberry32: a small seeded generator, so a run of the simulation is the same every time. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
