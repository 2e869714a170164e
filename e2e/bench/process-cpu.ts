// CPU time of a process from /proc/PID/stat (user + system, all threads), for "percent of one core" figures.
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";

let ticksPerSec: number | undefined;

function clockTicksPerSec(): number {
  if (ticksPerSec === undefined) {
    try {
      ticksPerSec = Number(execFileSync("getconf", ["CLK_TCK"], { encoding: "utf8" }).trim()) || 100;
    } catch {
      ticksPerSec = 100; // Linux's USER_HZ nearly everywhere
    }
  }
  return ticksPerSec;
}

/** utime + stime of a /proc/PID/stat line, in clock ticks; the command name may hold spaces and parentheses. */
export function cpuTicksOfStatLine(stat: string): number {
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  // fields[0] is field 3 (state); utime and stime are fields 14 and 15.
  const utime = Number(fields[11]);
  const stime = Number(fields[12]);
  if (!Number.isFinite(utime) || !Number.isFinite(stime))
    throw new Error(`unreadable /proc stat line: ${stat}`);
  return utime + stime;
}

/** Seconds of CPU the process has used so far, or undefined when it has gone. */
export function cpuSecondsOf(pid: number): number | undefined {
  try {
    return cpuTicksOfStatLine(readFileSync(`/proc/${pid}/stat`, "utf8")) / clockTicksPerSec();
  } catch {
    return undefined;
  }
}

/** Starts a measurement over the given processes; the returned function gives each one's percent of one core. */
export function cpuMeter(pids: readonly number[]): () => number[] {
  const startedMs = performance.now();
  const before = pids.map((pid) => cpuSecondsOf(pid) ?? 0);
  return () => {
    const wallS = (performance.now() - startedMs) / 1000;
    return pids.map((pid, i) => (((cpuSecondsOf(pid) ?? before[i]!) - before[i]!) / wallS) * 100);
  };
}
