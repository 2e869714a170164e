// Bytes each uplink carried this calendar month (sent and received, as carriers bill them), kept across tunnel
// reconnects and helper restarts so a data cap counts the whole month, and reset when a new month begins.
import type { StateStore } from "./json-state-file";

export interface DataUsageRecord {
  /** "2026-12": the helper's local calendar month the bytes belong to. */
  readonly month: string;
  readonly bytesByInterface: Readonly<Record<string, number>>;
}

export const DATA_USAGE_FILE = "data-usage.json";

/** What a running tunnel's snapshot says of one path: counters since the path was added. */
export interface PathByteCounters {
  readonly name: string;
  readonly txBytes: number;
  readonly rxBytes: number;
}

export function monthOf(atMs: number): string {
  const at = new Date(atMs);
  return `${at.getFullYear()}-${String(at.getMonth() + 1).padStart(2, "0")}`;
}

export function parseDataUsage(raw: unknown): DataUsageRecord {
  if (typeof raw !== "object" || raw === null || Array.isArray(raw)) throw new Error("not a JSON object");
  const { month, bytesByInterface } = raw as Record<string, unknown>;
  if (typeof month !== "string" || !/^\d{4}-(0[1-9]|1[0-2])$/.test(month))
    throw new Error(`month: must be like "2026-12", got ${JSON.stringify(month)}`);
  if (typeof bytesByInterface !== "object" || bytesByInterface === null || Array.isArray(bytesByInterface))
    throw new Error("bytesByInterface: must be an object of interface names to byte counts");
  const bytes: Record<string, number> = {};
  for (const [name, value] of Object.entries(bytesByInterface)) {
    if (!/^[A-Za-z0-9_.:-]{1,15}$/.test(name))
      throw new Error(`bytesByInterface: "${name}" is no interface name`);
    if (!(Number.isSafeInteger(value) && (value as number) >= 0))
      throw new Error(
        `bytesByInterface.${name}: must be a whole number of bytes, got ${JSON.stringify(value)}`,
      );
    bytes[name] = value as number;
  }
  return { month, bytesByInterface: bytes };
}

export class MonthlyDataUsage {
  private month: string;
  private readonly bytes = new Map<string, number>();
  /** The counters last seen per path of the running tunnel; the next observation adds only what is new. */
  private readonly seen = new Map<string, number>();
  /** A month began since observe() last said so. */
  private rolledOver = false;
  /** Something changed since the last save: an idle helper does not rewrite the file every 10 s. */
  private unsaved = false;

  constructor(
    private readonly store: StateStore<DataUsageRecord>,
    private readonly nowMs: () => number,
  ) {
    this.month = monthOf(nowMs());
    const saved = store.load();
    // A file from an earlier month counts for nothing now.
    if (saved !== undefined && saved.month === this.month)
      for (const [name, value] of Object.entries(saved.bytesByInterface)) this.bytes.set(name, value);
  }

  /** A new tunnel: its path counters start again from zero. */
  beginTunnel(): void {
    this.seen.clear();
  }

  /** Adds what each path carried since the last look; true when a new month began (every count is 0 again). */
  observe(paths: readonly PathByteCounters[]): boolean {
    this.rollOver();
    const rolledOver = this.rolledOver;
    this.rolledOver = false;
    for (const path of paths) {
      const total = path.txBytes + path.rxBytes;
      const before = this.seen.get(path.name) ?? 0;
      // Smaller than before: the uplink was removed and added again, its counters restarted.
      const newBytes = total >= before ? total - before : total;
      this.seen.set(path.name, total);
      if (newBytes <= 0) continue;
      this.bytes.set(path.name, (this.bytes.get(path.name) ?? 0) + newBytes);
      this.unsaved = true;
    }
    return rolledOver;
  }

  /** The month's usage of a path of the running tunnel, counting what it carried since the last observe(). */
  usedBytesNow(path: PathByteCounters): number {
    const total = path.txBytes + path.rxBytes;
    const before = this.seen.get(path.name) ?? 0;
    return this.usedBytes(path.name) + (total >= before ? total - before : total);
  }

  usedBytes(interfaceName: string): number {
    this.rollOver();
    return this.bytes.get(interfaceName) ?? 0;
  }

  save(): void {
    this.rollOver();
    if (!this.unsaved) return;
    this.store.save({ month: this.month, bytesByInterface: Object.fromEntries(this.bytes) });
    this.unsaved = false;
  }

  private rollOver(): void {
    const month = monthOf(this.nowMs());
    if (month === this.month) return;
    this.month = month;
    this.bytes.clear();
    this.rolledOver = true;
    this.unsaved = true;
  }
}
