// Reconnecting after a restart, against a fake control service: retried while it fails, dropped once the user
// asks for something else.
import { describe, expect, it } from "vitest";
import type { TunnelState } from "../control/tunnel-state";
import { reconnectWanted } from "./reconnect-wanted";

const until = async (check: () => boolean) => {
  for (let i = 0; i < 200 && !check(); i++) await new Promise((r) => setTimeout(r, 5));
};

function fakeService(results: TunnelState[]) {
  const calls: string[] = [];
  const service = {
    handlers: {
      connect: async ({ profile }: { profile: string }) => {
        calls.push(profile);
        return results.shift() ?? { state: "connecting" as const, profileName: profile, sinceMs: 0 };
      },
    },
  };
  return { calls, service: service as unknown as Parameters<typeof reconnectWanted>[0] };
}

const failed: TunnelState = { state: "error", message: "no uplink reaches 192.0.2.1", nextStep: "retry" };

describe("reconnect after a restart", () => {
  it("connects to the profile the user was connected to, trying again while it fails", async () => {
    const { calls, service } = fakeService([failed, failed]);
    const logged: string[] = [];
    reconnectWanted(service, { wantedProfile: "home" }, "home", (l) => logged.push(l), 5);
    await until(() => calls.length === 3);
    expect(calls).toEqual(["home", "home", "home"]);
    expect(logged.filter((l) => l.includes("trying again"))).toEqual([
      'braid helper: "home" did not connect (no uplink reaches 192.0.2.1); trying again in 0.005 s',
      'braid helper: "home" did not connect (no uplink reaches 192.0.2.1); trying again in 0.01 s',
    ]);
  });

  it("gives up once the user asked for something else, or the helper stops", async () => {
    const { calls, service } = fakeService([failed, failed, failed]);
    const controller = { wantedProfile: "home" as string | undefined };
    reconnectWanted(service, controller, "home", () => {}, 5);
    await until(() => calls.length === 1);
    controller.wantedProfile = undefined; // disconnect
    await new Promise((r) => setTimeout(r, 40));
    expect(calls).toEqual(["home"]);
    const other = fakeService([failed, failed]);
    const stopping = reconnectWanted(other.service, { wantedProfile: "home" }, "home", () => {}, 5);
    await until(() => other.calls.length === 1);
    stopping.stop();
    await new Promise((r) => setTimeout(r, 40));
    expect(other.calls).toEqual(["home"]);
  });
});
