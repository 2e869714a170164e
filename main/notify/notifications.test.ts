// Which tunnel happenings reach the desktop, and that a flapping link does not bury it.
import { describe, expect, it } from "vitest";
import type { TunnelState } from "../../helper/control/tunnel-state";
import type { PathEvent } from "../ipc/dashboard-types";
import { NotificationPolicy } from "./notifications";

function failover(from: string, to: string): PathEvent {
  return {
    kind: "failover",
    atMs: 0,
    fromInterface: from,
    toInterface: to,
    detail: `${from} down: moved to ${to}`,
  };
}
const connected: TunnelState = { state: "connected", profileName: "work", sinceMs: 0, pathsUp: 2 };
const reconnecting: TunnelState = { state: "reconnecting", profileName: "work", sinceMs: 0, attempt: 1 };

describe("notification policy", () => {
  it("tells of a failover, names the links, and ignores path up/down", () => {
    const policy = new NotificationPolicy({ nowMs: () => 0 });
    expect(
      policy.onPathEvent({ kind: "path-down", atMs: 0, interface: "eth0", detail: "x" }),
    ).toBeUndefined();
    expect(policy.onPathEvent(failover("eth0", "wlan0"))).toEqual({
      kind: "failover",
      title: "Failover: eth0 → wlan0",
      body: "eth0 down: moved to wlan0",
    });
  });

  it("folds failovers within 30 s into the next one shown", () => {
    let nowMs = 0;
    const policy = new NotificationPolicy({ nowMs: () => nowMs });
    const shown = [0, 5_000, 10_000, 29_999, 30_000].map((atMs) => {
      nowMs = atMs;
      return policy.onPathEvent(failover("eth0", "wlan0"))?.body;
    });
    expect(shown).toEqual([
      "eth0 down: moved to wlan0",
      undefined,
      undefined,
      undefined,
      "eth0 down: moved to wlan0 (and 3 more since the last notice)",
    ]);
  });

  it("all paths down once per outage, then recovery when a path is back", () => {
    const policy = new NotificationPolicy({ nowMs: () => 0 });
    policy.onStateChanged(connected);
    const allDown: PathEvent = { kind: "all-paths-down", atMs: 0, detail: "every path is down" };
    expect(policy.onPathEvent(allDown)?.title).toBe("All paths down");
    // The helper also moves to reconnecting: the same outage, not a second notice.
    expect(policy.onStateChanged(reconnecting)).toBeUndefined();
    expect(policy.onStateChanged({ ...reconnecting, attempt: 2 })).toBeUndefined();
    expect(policy.onStateChanged({ ...connected, pathsUp: 1 })).toEqual({
      kind: "recovered",
      title: "Braid recovered",
      body: "work: 1 path up.",
    });
    expect(policy.onStateChanged(connected)).toBeUndefined();
  });

  it("a reconnect without an all-paths-down event is an outage too; a disconnect ends it silently", () => {
    const policy = new NotificationPolicy({ nowMs: () => 0 });
    expect(policy.onStateChanged(reconnecting)?.kind).toBe("all-paths-down");
    expect(policy.onStateChanged({ state: "disconnected" })).toBeUndefined();
    expect(policy.onStateChanged(connected)).toBeUndefined();
  });
});
