// The watcher's timing and retries, with a stand-in event source (a node one-liner instead of `ip monitor`, whose
// netlink events need root and namespaces: e2e/dataplane/uplink-watch covers the real one).
import { afterEach, describe, expect, it } from "vitest";
import type { UplinkDiff } from "./uplink-diff";
import { UplinkWatcher, type UplinkWatcherOptions } from "./uplink-watcher-linux";
import type { Uplink } from "./uplinks-linux";

const eth0: Uplink = { dev: "eth0", address: "10.1.0.2", gateway: "10.1.0.1" };
const eth1: Uplink = { dev: "eth1", address: "10.2.0.2", gateway: "10.2.0.1" };
const node = (script: string) => [process.execPath, "-e", script];
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

const watchers: UplinkWatcher[] = [];
afterEach(async () => {
  for (const watcher of watchers.splice(0)) await watcher.close();
});

function watch(overrides: Partial<UplinkWatcherOptions>) {
  const seen = { discoveries: 0, diffs: [] as UplinkDiff[], log: [] as string[] };
  const watcher = new UplinkWatcher({
    initial: [eth0],
    discover: async () => {
      seen.discoveries++;
      return [eth0, eth1];
    },
    apply: async (diff) => {
      seen.diffs.push(diff);
      return [eth0, ...diff.added];
    },
    log: (line) => seen.log.push(line),
    debounceMs: 100,
    rescanMs: 60_000,
    monitorArgv: node("setTimeout(() => {}, 60000)"),
    ...overrides,
  });
  watchers.push(watcher);
  watcher.start();
  return { watcher, seen };
}

describe("UplinkWatcher", () => {
  it("turns a burst of events into one re-discovery and applies the new uplink once", async () => {
    const { watcher, seen } = watch({
      debounceMs: 300,
      // Five events 20 ms apart, as a new link, its address and its routes arrive.
      monitorArgv: node(
        "let n = 0; const t = setInterval(() => { console.log('event'); if (++n === 5) clearInterval(t); }, 20); setTimeout(() => {}, 60000)",
      ),
    });
    await sleep(1200);
    expect(seen.discoveries).toBe(1);
    expect(seen.diffs).toHaveLength(1);
    expect(seen.diffs[0]?.added).toEqual([eth1]);
    expect(watcher.uplinks).toEqual([eth0, eth1]);
  });

  it("restarts an event source that exits, saying so", async () => {
    const { seen } = watch({ monitorArgv: node("console.log('event'); process.exit(3)") });
    await sleep(1800);
    expect(seen.log.join("\n")).toMatch(/exited \(3\); restarting it in 1000 ms/);
    // Once for the first run's event, again when the restarted one starts (its own event, and what was missed).
    expect(seen.discoveries).toBeGreaterThanOrEqual(2);
  });

  it("tries an uplink it could not add again at the next rescan", async () => {
    const { watcher, seen } = watch({
      rescanMs: 200,
      apply: async (diff) => {
        seen.diffs.push(diff);
        return [eth0]; // eth1's socket could not be bound, say
      },
    });
    await sleep(1000);
    expect(seen.diffs.length).toBeGreaterThanOrEqual(2);
    expect(seen.diffs.every((diff) => diff.added[0] === eth1)).toBe(true);
    expect(watcher.uplinks).toEqual([eth0]);
  });

  it("waits on close for a change being applied, and applies nothing after", async () => {
    let finished = false;
    const { watcher, seen } = watch({
      rescanMs: 50,
      apply: async (diff) => {
        await sleep(300);
        finished = true;
        return [eth0, ...diff.added];
      },
    });
    await sleep(250); // first rescan at 50 ms + 100 ms debounce: apply is under way
    await watcher.close();
    expect(finished).toBe(true);
    const discoveries = seen.discoveries;
    await sleep(300);
    expect(seen.discoveries).toBe(discoveries);
  });

  it("says once, not at every rescan, that uplinks cannot be listed", async () => {
    const { seen } = watch({
      rescanMs: 100,
      discover: async () => {
        seen.discoveries++;
        throw new Error("ip: not found");
      },
    });
    await sleep(800);
    expect(seen.discoveries).toBeGreaterThanOrEqual(3);
    expect(seen.log.filter((line) => line.includes("cannot list uplinks"))).toHaveLength(1);
  });
});
