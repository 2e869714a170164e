// Ping and its figures: RTT percentiles from `ping` output, run asynchronously beside other traffic.
import { execFile } from "node:child_process";
import type { Percentiles, PingFigures } from "./bench-result";

/** Nearest-rank percentile of already sorted values; null when there are none. */
export function percentile(sorted: readonly number[], fraction: number): number | null {
  if (sorted.length === 0) return null;
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil(fraction * sorted.length) - 1));
  return sorted[rank]!;
}

export function percentiles(values: readonly number[]): Percentiles {
  const sorted = [...values].sort((a, b) => a - b);
  return { p50: percentile(sorted, 0.5), p99: percentile(sorted, 0.99) };
}

/** The RTTs (ms) of every echo in ping's output. */
export function pingRttsMs(output: string): number[] {
  return [...output.matchAll(/time=([\d.]+) ms/g)].map((match) => Number(match[1]));
}

export function pingFigures(rttsMs: readonly number[], sent: number): PingFigures {
  return { ...percentiles(rttsMs), sent, lost: Math.max(0, sent - rttsMs.length) };
}

/**
 * `count` pings every `intervalMs` from inside ns; resolves with the RTTs seen (ping exits 1 when some are lost,
 * which is a figure here, not an error).
 */
export function pingRtts(ns: string, target: string, count: number, intervalMs = 10): Promise<number[]> {
  const argv = ["netns", "exec", ns, "ping", "-n", "-c", String(count), "-i", String(intervalMs / 1000)];
  return new Promise((resolve, reject) => {
    const timeoutMs = count * intervalMs + 10_000;
    execFile("ip", [...argv, "-W", "1", target], { timeout: timeoutMs }, (error, stdout, stderr) => {
      const rtts = pingRttsMs(stdout);
      if (error && rtts.length === 0 && !/\d+ received/.test(stdout))
        reject(new Error(`ping ${target} in ${ns} failed: ${(stderr || error.message).trim()}`));
      else resolve(rtts);
    });
  });
}
