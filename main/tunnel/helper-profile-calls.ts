// The Profiles and Settings screens' half of the helper tunnel: profile list, import, remove, quick-connect, and
// the helper's kill switch and probe rate, each one call (or two) over the control socket.
import type { MethodName, ParamsOf, ResultOf } from "../../helper/control/control-schema";
import { profileProblem } from "../ipc/profile-problem";
import type { LastProfileStore } from "./last-profile-store";
import type { ProfileCalls, TunnelSettings } from "./tunnel-service";

/** A call on the helper tunnel's current connection (helper-tunnel.ts handles timeouts and a lost helper). */
export type HelperCall = <M extends MethodName>(method: M, params?: ParamsOf<M>) => Promise<ResultOf<M>>;

export function helperProfileCalls(deps: {
  readonly call: HelperCall;
  /** False while no helper answers: the list is then empty rather than an error. */
  readonly connected: () => boolean;
  readonly lastProfile: LastProfileStore;
  /** Remembers the profile for quick-connect and moves a running tunnel over to it. */
  readonly switchProfile: (name: string) => Promise<unknown>;
}): ProfileCalls {
  const { call } = deps;

  async function tunnelSettings(): Promise<TunnelSettings> {
    const { killSwitch, probeRateHz } = await call("getSettings");
    return { killSwitch, probeRateHz };
  }

  return {
    async getProfileList() {
      const profiles = deps.connected() ? await call("listProfiles") : [];
      // What a connect would pick: the remembered one while it exists, else the first.
      const remembered = deps.lastProfile.load();
      const quickConnect = profiles.find((p) => p.name === remembered)?.name ?? profiles[0]?.name;
      return { profiles, quickConnect };
    },
    async importProfile(name, text) {
      try {
        return { ok: true, profile: await call("importProfile", { name, text }) };
      } catch (error) {
        // The helper's parser wrote the message (with the line); a helper gone is said the same way, inline.
        return { ok: false, problem: profileProblem((error as Error).message) };
      }
    },
    async removeProfile(name) {
      await call("removeProfile", { name });
    },
    async setQuickConnect(name) {
      const profiles = await call("listProfiles");
      if (!profiles.some((p) => p.name === name))
        throw new Error(`no profile named "${name}"; import it first`);
      await deps.switchProfile(name);
    },
    getTunnelSettings: tunnelSettings,
    async setKillSwitch(enabled) {
      await call("setKillSwitch", { enabled });
      return tunnelSettings();
    },
    async setProbeRate(hz) {
      await call("setProbeRate", { hz });
      return tunnelSettings();
    },
  };
}
