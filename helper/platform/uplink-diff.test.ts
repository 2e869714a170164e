import { describe, expect, it } from "vitest";
import { diffUplinks, isEmptyDiff } from "./uplink-diff";

const eth0 = { dev: "eth0", address: "192.168.1.20", gateway: "192.168.1.1" };
const wlan0 = { dev: "wlan0", address: "10.0.0.7", gateway: "10.0.0.1" };
const wwan0 = { dev: "wwan0", address: "100.64.3.9" };

describe("diffUplinks", () => {
  it("finds nothing when the uplinks are the same, in any order", () => {
    const diff = diffUplinks([eth0, wlan0], [wlan0, { ...eth0 }]);
    expect(isEmptyDiff(diff)).toBe(true);
  });

  it("names an interface that appeared and one that went away", () => {
    const diff = diffUplinks([eth0, wlan0], [wlan0, wwan0]);
    expect(diff.added).toEqual([wwan0]);
    expect(diff.removed).toEqual([eth0]);
    expect(diff.changed).toEqual([]);
  });

  it("reports a new address on the same interface as a change, not as a new uplink", () => {
    const moved = { ...wlan0, address: "10.0.0.8" };
    const diff = diffUplinks([eth0, wlan0], [eth0, moved]);
    expect(diff.changed).toEqual([{ before: wlan0, after: moved }]);
    expect(diff.added).toEqual([]);
    expect(diff.removed).toEqual([]);
    expect(isEmptyDiff(diff)).toBe(false);
  });

  it("reports a new next hop (a default route that arrived after the address) as a change", () => {
    const onLink = { dev: "eth1", address: "10.240.2.2" };
    const routed = { ...onLink, gateway: "10.240.2.1" };
    expect(diffUplinks([onLink], [routed]).changed).toEqual([{ before: onLink, after: routed }]);
  });

  it("removes every uplink when none is left", () => {
    expect(diffUplinks([eth0, wwan0], []).removed).toEqual([eth0, wwan0]);
  });
});
