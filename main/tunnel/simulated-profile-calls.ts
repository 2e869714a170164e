// The simulated tunnel's Profiles and Settings calls: the simulated profile list, and a kill switch and probe rate
// held in memory, refusing what the helper refuses.
import { maxProbeRateHz, minProbeRateHz } from "../ipc/settings-types";
import type { SimulatedProfiles } from "./simulated-profiles";
import type { ProfileCalls, TunnelSettings } from "./tunnel-service";

export function simulatedProfileCalls(
  profiles: SimulatedProfiles,
  /** The profile a tunnel is up (or coming up) with, if any. */
  activeProfile: () => string | undefined,
): ProfileCalls {
  let settings: TunnelSettings = { killSwitch: false, probeRateHz: 10 };
  return {
    getProfileList: async () => profiles.list(),
    importProfile: async (name, text) => profiles.import(name, text),
    async removeProfile(name) {
      // The helper's words (host-tunnel-controller.ts): a connected profile stays until the tunnel is down.
      if (activeProfile() === name) throw new Error(`"${name}" is connected; disconnect first`);
      profiles.remove(name);
    },
    async setQuickConnect(name) {
      profiles.setQuickConnect(name);
    },
    getTunnelSettings: async () => settings,
    async setKillSwitch(enabled) {
      settings = { ...settings, killSwitch: enabled };
      return settings;
    },
    async setProbeRate(hz) {
      if (!Number.isInteger(hz) || hz < minProbeRateHz || hz > maxProbeRateHz)
        throw new RangeError(`probe rate is ${minProbeRateHz}..${maxProbeRateHz} Hz, got ${hz}`);
      settings = { ...settings, probeRateHz: hz };
      return settings;
    },
  };
}
