// What a probe rate costs on each path, so the Settings screen can say it beside the choice.
import { formatBitsPerSec } from "./units";

/**
 * A probe and its echo on the wire, both ways: 20 bytes of probe frame each, plus Braid's framing, WireGuard's
 * 32 bytes of header and tag, and UDP/IPv4's 28: about 80 bytes each way. An estimate, not a measurement.
 */
export const probeRoundTripWireBytes = 160;

export function probeCostBitsPerSec(probeRateHz: number): number {
  return probeRateHz * probeRoundTripWireBytes * 8;
}

/** Bytes a path spends on probes in a day at this rate. */
export function probeCostBytesPerDay(probeRateHz: number): number {
  return probeRateHz * probeRoundTripWireBytes * 86_400;
}

/**
 * The path monitor calls an idle path suspect after three unanswered probes (monitor-config.ts), then probes it
 * fast; a path carrying traffic is also watched through its data, so it is noticed sooner than this.
 */
export function idleDetectionMs(probeRateHz: number): number {
  return Math.round((3 * 1_000) / probeRateHz);
}

export function describeProbeCost(probeRateHz: number): string {
  const perDayMb = probeCostBytesPerDay(probeRateHz) / 1e6;
  const detectMs = idleDetectionMs(probeRateHz);
  const detect = detectMs >= 1_000 ? `${(detectMs / 1_000).toFixed(1)} s` : `${detectMs} ms`;
  return `${formatBitsPerSec(probeCostBitsPerSec(probeRateHz))}, about ${perDayMb.toFixed(0)} MB a day per path; an idle link's failure shows after about ${detect}`;
}
