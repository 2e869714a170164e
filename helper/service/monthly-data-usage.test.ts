// A month's data usage per uplink with an injected clock and an in-memory store: kept across tunnels and restarts,
// reset by a new month.
import { describe, expect, it } from "vitest";
import type { StateStore } from "./json-state-file";
import { type DataUsageRecord, MonthlyDataUsage, monthOf, parseDataUsage } from "./monthly-data-usage";

class MemoryStore implements StateStore<DataUsageRecord> {
  constructor(public value: DataUsageRecord | undefined = undefined) {}
  load() {
    return this.value === undefined ? undefined : structuredClone(this.value);
  }
  save(value: DataUsageRecord) {
    this.value = structuredClone(value);
  }
}

const dec15 = new Date(2026, 11, 15, 12).getTime();
const path = (name: string, txBytes: number, rxBytes = 0) => ({ name, txBytes, rxBytes });

describe("monthly data usage", () => {
  it("adds what each tunnel carried, and a restarted helper mid-month goes on from what was saved", () => {
    const store = new MemoryStore();
    let nowMs = dec15;
    const usage = new MonthlyDataUsage(store, () => nowMs);
    usage.beginTunnel();
    usage.observe([path("wwan0", 1_000, 500), path("eth0", 10)]);
    usage.observe([path("wwan0", 3_000, 1_000)]);
    expect(usage.usedBytes("wwan0")).toBe(4_000);
    usage.beginTunnel(); // a reconnect: counters from zero again
    usage.observe([path("wwan0", 600, 400)]);
    expect(usage.usedBytes("wwan0")).toBe(5_000);
    usage.save();
    nowMs += 3 * 86_400_000;
    const restarted = new MonthlyDataUsage(store, () => nowMs);
    expect(restarted.usedBytes("wwan0")).toBe(5_000);
    expect(restarted.usedBytes("eth0")).toBe(10);
    restarted.beginTunnel();
    restarted.observe([path("wwan0", 2_000)]);
    // An uplink removed and added again within a tunnel: its counters restarted below what was seen.
    restarted.observe([path("wwan0", 300)]);
    expect(restarted.usedBytes("wwan0")).toBe(7_300);
  });

  it("reports a live path's month usage between observations, without counting it twice", () => {
    const usage = new MonthlyDataUsage(new MemoryStore(), () => dec15);
    usage.beginTunnel();
    usage.observe([path("wwan0", 1_000)]);
    usage.beginTunnel();
    usage.observe([path("wwan0", 200)]);
    expect(usage.usedBytesNow(path("wwan0", 500, 100))).toBe(1_600);
    expect(usage.usedBytesNow(path("eth0", 50))).toBe(50);
    usage.observe([path("wwan0", 500, 100)]);
    expect(usage.usedBytes("wwan0")).toBe(1_600);
    expect(usage.usedBytesNow(path("wwan0", 500, 100))).toBe(1_600);
  });

  it("starts every uplink at zero in a new month, while running and at a start after it", () => {
    const store = new MemoryStore();
    let nowMs = dec15;
    const usage = new MonthlyDataUsage(store, () => nowMs);
    usage.beginTunnel();
    usage.observe([path("wwan0", 9_000)]);
    usage.save();
    nowMs = new Date(2027, 0, 1, 0, 0, 5).getTime();
    expect(usage.observe([path("wwan0", 9_500)])).toBe(true);
    expect(usage.observe([path("wwan0", 9_600)])).toBe(false);
    expect(usage.usedBytes("wwan0")).toBe(600);
    usage.save();
    expect(store.value).toEqual({ month: "2027-01", bytesByInterface: { wwan0: 600 } });
    // A file from December read in February counts for nothing.
    const old = new MemoryStore({ month: "2026-12", bytesByInterface: { wwan0: 9_000 } });
    nowMs = new Date(2027, 1, 2).getTime();
    expect(new MonthlyDataUsage(old, () => nowMs).usedBytes("wwan0")).toBe(0);
  });

  it("names the local calendar month, and refuses a file that is not a usage record", () => {
    expect(monthOf(dec15)).toBe("2026-12");
    expect(monthOf(new Date(2027, 0, 31, 23, 59).getTime())).toBe("2027-01");
    expect(() => parseDataUsage({ month: "2026-13", bytesByInterface: {} })).toThrow(/month/);
    expect(() => parseDataUsage({ month: "2026-12", bytesByInterface: { wwan0: -1 } })).toThrow(
      /bytesByInterface.wwan0: must be a whole number of bytes/,
    );
    expect(() => parseDataUsage([])).toThrow(/not a JSON object/);
  });
});
