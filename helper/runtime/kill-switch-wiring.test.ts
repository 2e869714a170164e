import { describe, expect, it } from "vitest";
import type { KillSwitch, KillSwitchTargets } from "../platform/kill-switch-apply-linux";
import type { UplinkDiff } from "../platform/uplink-diff";
import type { Uplink } from "../platform/uplinks-linux";
import { applyFollowingKillSwitch, openWithKillSwitch } from "./kill-switch-wiring";
import type { SystemAction } from "./system-journal";

const log = () => undefined;
const targets = {
  endpoints: [{ address: "192.0.2.1", port: 51820 }],
  uplinks: [{ dev: "lo", address: "127.0.0.1" }],
};

/** A tunnel host that records journaled changes instead of making them (no TUN needed). */
function recordingHost(tunName: string) {
  const made: SystemAction[] = [];
  return {
    made,
    tunName,
    change: async (_what: string, action: SystemAction) => {
      made.push(action);
    },
    close: async () => undefined,
  };
}

const choice = (enabled: boolean, allowLan = false) => ({ enabled, allowLan });
const targetsFor = (tunName: string) => ({ tunName, ...targets });

describe("openWithKillSwitch (braid up flags; the host is a recording fake)", () => {
  it("opens the host and changes nothing without --kill-switch", async () => {
    const host = recordingHost("braid0");
    const opened = await openWithKillSwitch(choice(false), targetsFor("braid0"), async () => host, log);
    expect(opened.host).toBe(host);
    expect(opened.killSwitch).toBeUndefined();
    expect(host.made).toEqual([]);
  });

  it("refuses --allow-lan without --kill-switch instead of silently not blocking", async () => {
    let opened = false;
    const open = async () => {
      opened = true;
      return recordingHost("braid0");
    };
    await expect(openWithKillSwitch(choice(false, true), targetsFor("braid0"), open, log)).rejects.toThrow(
      /--allow-lan only applies with --kill-switch/,
    );
    expect(opened).toBe(false);
  });

  it("refuses a tunnel name nft cannot take before opening anything", async () => {
    let opened = false;
    const open = async () => {
      opened = true;
      return recordingHost('braid"0');
    };
    await expect(openWithKillSwitch(choice(true), targetsFor('braid"0'), open, log)).rejects.toThrow(
      /nftables rule/,
    );
    expect(opened).toBe(false);
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
