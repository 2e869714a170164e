// Memory caps and resync thresholds of the Reassembly Engine, with defaults sized for ~1 Gbit/s and 50 ms spread.

export interface ReassemblyLimits {
  /** Flows tracked at once; the least recently active is evicted (releasing what it holds) beyond this. */
  readonly maxFlows: number;
  /** Packets one flow may hold behind gaps; its oldest gap is given up beyond this. */
  readonly maxHeldPerFlow: number;
  /** Packets held over all flows; the flow with the oldest held packet gives up its gap beyond this. */
  readonly maxHeldTotal: number;
  /** A flowSeq this far ahead of the release point resyncs the flow instead of being buffered. */
  readonly maxAheadPackets: number;
  /** Seqs behind the release point remembered for duplicate/late detection (rounded up to a power of two);
   *  a seq further behind resyncs the flow (the sender restarted its sequence). */
  readonly historyPackets: number;
  /** A flow silent this long restarts at whatever seq comes next. */
  readonly idleResyncMs: number;
}

/** 83k packets/s × 50 ms ≈ 4k packets of one flow in flight across the spread. */
export const defaultReassemblyLimits: ReassemblyLimits = {
  maxFlows: 8192,
  maxHeldPerFlow: 4096,
  maxHeldTotal: 16384,
  maxAheadPackets: 8192,
  historyPackets: 2048,
  idleResyncMs: 10_000,
};

/** Windows stay far below half the 24-bit flowSeq space, where ahead and behind would become ambiguous. */
const maxWindowPackets = 2 ** 22;

/** Fills defaults and repairs impossible combinations, so the engine never has to second-guess its limits. */
export function resolveReassemblyLimits(overrides: Partial<ReassemblyLimits> = {}): ReassemblyLimits {
  const merged = { ...defaultReassemblyLimits, ...overrides };
  const maxHeldTotal = atLeast(1, merged.maxHeldTotal);
  const maxHeldPerFlow = Math.min(atLeast(1, merged.maxHeldPerFlow), maxHeldTotal, maxWindowPackets - 1);
  // Flow slots times 2^24 seqs must stay a safe integer key (held-packets.ts).
  const maxFlows = Math.min(atLeast(1, merged.maxFlows), 2 ** 28);
  const maxAheadPackets = Math.min(
    Math.max(atLeast(1, merged.maxAheadPackets), maxHeldPerFlow + 1),
    maxWindowPackets,
  );
  const historyPackets =
    2 ** Math.ceil(Math.log2(Math.min(atLeast(32, merged.historyPackets), maxWindowPackets)));
  const idleResyncMs = Number.isFinite(merged.idleResyncMs) ? Math.max(0, merged.idleResyncMs) : Infinity;
  return { maxFlows, maxHeldPerFlow, maxHeldTotal, maxAheadPackets, historyPackets, idleResyncMs };
}

function atLeast(min: number, value: number): number {
  return Number.isFinite(value) ? Math.max(min, Math.floor(value)) : min;
}
