// Every method's params validator: good params pass, bad ones are refused naming the field.
import { describe, expect, it } from "vitest";
import { controlMethods, type MethodName, methodNames } from "./control-schema";

const good: Record<MethodName, unknown> = {
  state: undefined,
  connect: { profile: "home" },
  disconnect: {},
  setMode: { mode: "redundant" },
  setPathPriority: { interface: "wlan0", priority: "backup" },
  setDataCap: { interface: "wwan0", capMegabytes: 5000 },
  listProfiles: [],
  importProfile: { name: "work", text: "[Interface]\nPrivateKey = x\n" },
  removeProfile: { name: "work" },
  setKillSwitch: { enabled: false },
  getSettings: undefined,
  setProbeRate: { hz: 50 },
  version: null,
  subscribe: undefined,
};
const bad: Record<MethodName, [unknown, string]> = {
  state: [{ x: 1 }, "params: must be absent"],
  connect: [{ profile: "../etc/passwd" }, "params.profile"],
  disconnect: [[1], "params: must be absent"],
  setMode: [{ mode: "fastest" }, "params.mode: must be one of"],
  setPathPriority: [{ interface: "eth0; rm -rf /", priority: "primary" }, "params.interface"],
  setDataCap: [{ interface: "wwan0", capMegabytes: -5 }, "params.capMegabytes: must be an integer"],
  listProfiles: ["all", "params: must be absent"],
  importProfile: [{ name: "work", text: "" }, "params.text"],
  removeProfile: [{ nam: "work" }, "params.nam: must be absent (unknown field)"],
  setKillSwitch: [{ enabled: "yes" }, "params.enabled: must be true or false"],
  getSettings: [{ profile: "home" }, "params: must be absent"],
  setProbeRate: [{ hz: 51 }, "params.hz: must be an integer"],
  version: [{ verbose: true }, "params: must be absent"],
  subscribe: [{ kinds: [] }, "params: must be absent"],
};

describe("control schema", () => {
  it("covers every method in both tables", () => {
    expect(Object.keys(good).sort()).toEqual([...methodNames].sort());
  });
  for (const name of methodNames) {
    it(`${name}: accepts good params and names the field in bad ones`, () => {
      expect(() => controlMethods[name].params(good[name], "params")).not.toThrow();
      const [raw, message] = bad[name];
      expect(() => controlMethods[name].params(raw, "params")).toThrow(message);
    });
  }
  it("a missing required field is named", () => {
    expect(() => controlMethods.setPathPriority.params({ interface: "eth0" }, "params")).toThrow(
      'params.priority: must be one of "primary", "secondary", "backup", got nothing',
    );
  });
});
