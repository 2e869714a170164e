import { describe, expect, it } from "vitest";
import type { SystemAction } from "../runtime/system-journal";
import { applyKillSwitch } from "./kill-switch-wiring";
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
