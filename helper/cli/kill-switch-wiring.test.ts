import { describe, expect, it } from "vitest";
import type { KillSwitch, KillSwitchTargets } from "../platform/kill-switch-apply-linux";
import type { UplinkDiff } from "../platform/uplink-diff";
import type { Uplink } from "../platform/uplinks-linux";
import type { SystemAction } from "../runtime/system-journal";
import { applyFollowingKillSwitch, applyKillSwitch } from "./kill-switch-wiring";
import { type ParsedArgs, parseArgs } from "./tunnel-run";

const io = { out: () => undefined, err: () => undefined, readStdin: async () => "" };
const targets = {
  endpoints: [{ address: "192.0.2.1", port: 51820 }],
  uplinks: [{ dev: "lo", address: "127.0.0.1" }],
};

/** A tunnel host that records journaled changes instead of making them. */
function recordingHost(tunName: string) {
  const made: SystemAction[] = [];
  return {
    made,
    tunName,
    change: async (_what: string, action: SystemAction) => {
      made.push(action);
    },
  };
}

const args = (...flags: string[]) => parseArgs(["client.conf", ...flags], []) as ParsedArgs;

describe("applyKillSwitch (braid up flags)", () => {
  it("changes nothing without --kill-switch", async () => {
    const host = recordingHost("braid0");
    expect(await applyKillSwitch(io, host, args("--foreground"), targets)).toBeUndefined();
    expect(host.made).toEqual([]);
  });

  it("refuses --allow-lan without --kill-switch instead of silently not blocking", async () => {
    const host = recordingHost("braid0");
    await expect(applyKillSwitch(io, host, args("--allow-lan"), targets)).rejects.toThrow(
      /--allow-lan only applies with --kill-switch/,
    );
    expect(host.made).toEqual([]);
  });

  it("refuses a bad tunnel name before making any change", async () => {
    const host = recordingHost('braid"0');
    await expect(applyKillSwitch(io, host, args("--kill-switch"), targets)).rejects.toThrow(/nftables rule/);
    expect(host.made).toEqual([]);
  });
});

describe("applyFollowingKillSwitch (uplink watcher with the kill switch on)", () => {
  const fiber: Uplink = { dev: "fiber", address: "10.200.0.2" };
  const lte: Uplink = { dev: "lte", address: "10.200.2.2" };

  /** Records, in order, what the rules allowed and when the uplinks changed; an in-memory kill switch. */
  function scene(failUpdates = false) {
    const steps: string[] = [];
    let inUse: Uplink[] = [fiber];
    const killSwitch: KillSwitch = {
      table: "braid_killswitch_braid0",
      targets: { endpoints: [], uplinks: [] },
      update: async (next: Partial<KillSwitchTargets>) => {
        if (failUpdates) throw new Error("nft: no");
        steps.push(`allow ${next.uplinks?.map((u) => u.dev).join("+")}`);
      },
    };
    const live = {
      get uplinks() {
        return inUse;
      },
      apply: async (diff: UplinkDiff) => {
        inUse = [...inUse.filter((u) => !diff.removed.some((r) => r.dev === u.dev)), ...diff.added];
        steps.push(`uplinks ${inUse.map((u) => u.dev).join("+")}`);
        return inUse;
      },
    };
    const logs: string[] = [];
    return { steps, apply: applyFollowingKillSwitch(killSwitch, live, (line) => logs.push(line)), logs };
  }

  it("lets a new uplink's UDP out before its socket sends, and drops a removed one's after", async () => {
    const { steps, apply } = scene();
    await apply({ added: [lte], removed: [], changed: [] });
    await apply({ added: [], removed: [fiber], changed: [] });
    expect(steps).toEqual([
      "allow fiber+lte",
      "uplinks fiber+lte",
      "allow fiber+lte",
      "uplinks lte",
      "allow lte",
    ]);
  });

  it("keeps the uplinks changing when nft fails, logging it (the old rules stay: blocked, not leaking)", async () => {
    const { steps, apply, logs } = scene(true);
    expect(await apply({ added: [lte], removed: [], changed: [] })).toEqual([fiber, lte]);
    expect(steps).toEqual(["uplinks fiber+lte"]);
    expect(logs[0]).toMatch(/kill switch not updated for the uplink change: nft: no/);
  });
});
