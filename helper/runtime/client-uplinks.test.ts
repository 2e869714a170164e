import { describe, expect, it } from "vitest";
import { defaultBraidSettings } from "../config/braid-settings";
import { uplinkPolicies } from "./client-uplinks";

describe("uplink policies from a profile's Priority and DataCap", () => {
  it("gives named uplinks their priority and cap, and the rest primary and uncapped", () => {
    const policyFor = uplinkPolicies({
      ...defaultBraidSettings,
      priorities: [
        { interface: "wlan0", priority: "secondary" },
        { interface: "wwan0", priority: "backup" },
      ],
      dataCaps: [{ interface: "wwan0", capMbPerMonth: 2_000 }],
    });
    expect(policyFor("eth0")).toEqual({ priority: "primary", dataCapBytes: undefined });
    expect(policyFor("wlan0")).toEqual({ priority: "secondary", dataCapBytes: undefined });
    expect(policyFor("wwan0")).toEqual({ priority: "backup", dataCapBytes: 2_000_000_000 });
  });
});
