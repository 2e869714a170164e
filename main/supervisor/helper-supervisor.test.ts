// The supervisor driven end to end over fakes: a fake socket (findings in turn), a fake user answering the
// dialogs, and a fake elevator standing in for sudo-prompt (no polkit agent and no systemd on this machine).
import { describe, expect, it } from "vitest";
import type { ElevationResult } from "../elevation/sudo-prompt-elevator";
import { createHelperSupervisor, type ElevationKind } from "./helper-supervisor";
import type { SupervisorDialog } from "./supervisor-dialogs";
import type { HelperFinding, HostFacts, UserChoice } from "./supervisor-state";

const app = "0.2.0";
const absent: HelperFinding = { kind: "absent", detail: "no socket at /run/braid/braid.sock" };
const answers = (version: string): HelperFinding => ({ kind: "answered", helperVersion: version });

function fakeWorld(options: {
  findings: HelperFinding[];
  facts?: HostFacts;
  choices?: UserChoice[];
  elevation?: ElevationResult;
  prepareError?: string;
}) {
  const asked: SupervisorDialog[] = [];
  const elevatedLines: string[] = [];
  const prepared: ElevationKind[] = [];
  let cleanups = 0;
  const findings = [...options.findings];
  const choices = [...(options.choices ?? [])];
  const supervisor = createHelperSupervisor({
    appVersion: app,
    probe: async () =>
      findings.length > 1 ? (findings.shift() as HelperFinding) : (findings[0] as HelperFinding),
    facts: () => options.facts ?? { serviceInstalled: false, systemdRunning: true },
    ask: async (dialog) => {
      asked.push(dialog);
      return dialog.type === "error" ? "not-now" : (choices.shift() ?? dialog.cancelChoice);
    },
    prepare: async (kind) => {
      prepared.push(kind);
      if (options.prepareError) throw new Error(options.prepareError);
      return { line: `LINE-${kind}`, cleanup: () => (cleanups += 1) };
    },
    elevator: {
      run: async (line) => {
        elevatedLines.push(line);
        return options.elevation ?? { outcome: "done", stdout: "" };
      },
    },
    sleep: async () => undefined,
    graceProbes: 3,
    verifyProbes: 3,
  });
  return { supervisor, asked, elevatedLines, prepared, cleanups: () => cleanups };
}

describe("helper supervisor over fakes", () => {
  it("a running helper of the same version: connected, nothing asked", async () => {
    const world = fakeWorld({ findings: [answers(app)] });
    expect(await world.supervisor.check()).toEqual({ state: "connected", helperVersion: app });
    expect(world.asked).toEqual([]);
  });

  it("missing: explains before elevating, installs, connects once the new helper answers", async () => {
    const world = fakeWorld({ findings: [absent, absent, answers(app)], choices: ["install"] });
    const seen: string[] = [];
    world.supervisor.onStateChanged((s) => seen.push(s.state));
    expect((await world.supervisor.check()).state).toBe("connected");
    expect(world.asked[0]?.message).toBe("Braid needs its helper to connect. Install it now?");
    expect(world.asked[0]?.detail).toContain("asks for your password once");
    expect(world.elevatedLines).toEqual(["LINE-install"]);
    expect(world.cleanups()).toBe(1);
    expect(seen).toEqual(["checking", "missing", "installing", "connected"]);
  });

  it("declined: offers this login only, and runs braid helper instead of installing", async () => {
    const world = fakeWorld({ findings: [absent, answers(app)], choices: ["not-now", "login-only"] });
    expect((await world.supervisor.check()).state).toBe("connected");
    expect(world.asked.map((d) => d.title)).toEqual([
      "Install Braid's helper",
      "Start Braid's helper for this login only",
    ]);
    expect(world.prepared).toEqual(["login-only"]);
  });

  it("declining both: failed, says how to be asked again, never elevates", async () => {
    const world = fakeWorld({ findings: [absent], choices: ["not-now", "not-now"] });
    const state = await world.supervisor.check();
    expect(state.state).toBe("failed");
    expect(world.elevatedLines).toEqual([]);
    expect(world.asked.at(-1)?.type).toBe("error");
    expect(world.asked.at(-1)?.detail).toContain("Launch Braid again");
  });

  it("another version: asks to update and reinstalls", async () => {
    const world = fakeWorld({
      findings: [answers("0.1.0"), answers(app)],
      facts: { serviceInstalled: true, systemdRunning: true },
      choices: ["install"],
    });
    expect((await world.supervisor.check()).state).toBe("connected");
    expect(world.asked[0]?.message).toContain("The installed helper is version 0.1.0; this app is 0.2.0");
    expect(world.prepared).toEqual(["install"]);
  });

  it("an installed service that is restarting gets its grace probes before anyone is asked", async () => {
    const world = fakeWorld({
      findings: [absent, absent, answers(app)],
      facts: { serviceInstalled: true, systemdRunning: true },
    });
    expect((await world.supervisor.check()).state).toBe("connected");
    expect(world.asked).toEqual([]);
  });

  it("an installed service that stays silent: asks to reinstall", async () => {
    const world = fakeWorld({ findings: [absent], facts: { serviceInstalled: true, systemdRunning: true } });
    expect((await world.supervisor.check()).state).toBe("failed");
    expect(world.asked[0]?.title).toBe("Braid's helper is not answering");
  });

  it("a closed password prompt: failed, the staging removed", async () => {
    const world = fakeWorld({ findings: [absent], choices: ["install"], elevation: { outcome: "declined" } });
    const state = await world.supervisor.check();
    expect(state.state === "failed" && state.message).toContain("password prompt was closed");
    expect(world.cleanups()).toBe(1);
  });

  it("staging that fails: no prompt at all, the reason shown", async () => {
    const world = fakeWorld({ findings: [absent], choices: ["install"], prepareError: "no system node" });
    const state = await world.supervisor.check();
    expect(state.state === "failed" && state.message).toContain("no system node");
    expect(world.elevatedLines).toEqual([]);
  });

  it("installed but the helper never answers with the new version: failed, pointing at braid service status", async () => {
    const world = fakeWorld({ findings: [absent, absent, answers("0.1.0")], choices: ["install"] });
    const state = await world.supervisor.check();
    expect(state.state === "failed" && state.nextStep).toContain("braid service status");
  });

  it("two checks at once share one run (one dialog, one prompt)", async () => {
    const world = fakeWorld({ findings: [absent, answers(app)], choices: ["install"] });
    const [a, b] = await Promise.all([world.supervisor.check(), world.supervisor.check()]);
    expect(a).toBe(b);
    expect(world.asked).toHaveLength(1);
  });
});
