// The supervisor's transitions: each finding to its state, each choice and elevation outcome to the next one.
import { describe, expect, it } from "vitest";
import { type HostFacts, nextSupervisorState, type SupervisorState } from "./supervisor-state";

const app = "0.2.0";
const installed: HostFacts = { serviceInstalled: true, systemdRunning: true };
const bare: HostFacts = { serviceInstalled: false, systemdRunning: true };
const noSystemd: HostFacts = { serviceInstalled: false, systemdRunning: false };
const checking: SupervisorState = { state: "checking" };
const found = (finding: Parameters<typeof nextSupervisorState>[1] & { type: "found" }) =>
  nextSupervisorState(checking, finding, app);

describe("what a look at the socket leads to", () => {
  it("the same version: connected", () => {
    expect(
      found({ type: "found", finding: { kind: "answered", helperVersion: app }, facts: installed }),
    ).toEqual({
      state: "connected",
      helperVersion: app,
    });
  });

  it("another version: wrong-version (reinstall), unless there is no systemd to reinstall with", () => {
    expect(
      found({ type: "found", finding: { kind: "answered", helperVersion: "0.1.0" }, facts: installed }),
    ).toEqual({
      state: "wrong-version",
      helperVersion: "0.1.0",
      appVersion: app,
    });
    const stuck = found({
      type: "found",
      finding: { kind: "answered", helperVersion: "0.1.0" },
      facts: noSystemd,
    });
    expect(stuck.state === "failed" && stuck.nextStep).toContain("Stop that helper");
  });

  it("no socket: missing without a unit, not-running with one, declined (offer login-only) without systemd", () => {
    const absent = { kind: "absent", detail: "no socket at /run/braid/braid.sock" } as const;
    expect(found({ type: "found", finding: absent, facts: bare }).state).toBe("missing");
    expect(found({ type: "found", finding: absent, facts: installed })).toEqual({
      state: "not-running",
      detail: absent.detail,
    });
    expect(found({ type: "found", finding: absent, facts: noSystemd }).state).toBe("declined");
  });

  it("a refused user: failed, naming the group command", () => {
    const state = found({
      type: "found",
      finding: { kind: "not-allowed", detail: "uid 1000" },
      facts: installed,
    });
    expect(state.state === "failed" && state.nextStep).toContain("usermod -aG braid");
  });

  it("a silent socket with no unit: failed (a hand-started helper hangs), with a unit: not-running", () => {
    const silent = { kind: "silent", detail: "no answer in 2000 ms" } as const;
    expect(found({ type: "found", finding: silent, facts: bare }).state).toBe("failed");
    expect(found({ type: "found", finding: silent, facts: installed }).state).toBe("not-running");
  });
});

describe("the user's answers", () => {
  it("install from missing; reinstall from not-running and wrong-version", () => {
    expect(nextSupervisorState({ state: "missing" }, { type: "chose", choice: "install" }, app)).toEqual({
      state: "installing",
      reinstall: false,
    });
    const wrong: SupervisorState = { state: "wrong-version", helperVersion: "0.1.0", appVersion: app };
    expect(nextSupervisorState(wrong, { type: "chose", choice: "install" }, app)).toEqual({
      state: "installing",
      reinstall: true,
    });
  });

  it("declining the install offers login-only; declining that too fails saying how to be asked again", () => {
    const declined = nextSupervisorState({ state: "missing" }, { type: "chose", choice: "not-now" }, app);
    expect(declined.state).toBe("declined");
    expect(nextSupervisorState(declined, { type: "chose", choice: "login-only" }, app)).toEqual({
      state: "starting-login-only",
    });
    const gaveUp = nextSupervisorState(declined, { type: "chose", choice: "not-now" }, app);
    expect(gaveUp.state === "failed" && gaveUp.nextStep).toMatch(
      /Launch Braid again.*sudo braid service install/,
    );
  });

  it("answers outside an asking state change nothing", () => {
    const connected: SupervisorState = { state: "connected", helperVersion: app };
    expect(nextSupervisorState(connected, { type: "chose", choice: "install" }, app)).toBe(connected);
  });
});

describe("after the elevation", () => {
  const installing: SupervisorState = { state: "installing", reinstall: false };

  it("a closed password prompt: failed, nothing changed", () => {
    const state = nextSupervisorState(installing, { type: "elevated", result: { outcome: "declined" } }, app);
    expect(state.state === "failed" && state.message).toContain("nothing was changed");
  });

  it("a failed command: failed with what it said", () => {
    const result = { outcome: "failed", message: "SHA256SUMS: FAILED" } as const;
    const state = nextSupervisorState(installing, { type: "elevated", result }, app);
    expect(state.state === "failed" && state.message).toBe(
      "Installing Braid's helper failed: SHA256SUMS: FAILED",
    );
  });

  it("done, then the socket: connected only with the app's version", () => {
    const done = nextSupervisorState(
      installing,
      { type: "elevated", result: { outcome: "done", stdout: "" } },
      app,
    );
    expect(done).toBe(installing);
    expect(
      nextSupervisorState(done, { type: "verified", finding: { kind: "answered", helperVersion: app } }, app)
        .state,
    ).toBe("connected");
    const old = nextSupervisorState(
      done,
      { type: "verified", finding: { kind: "answered", helperVersion: "0.1.0" } },
      app,
    );
    expect(old.state === "failed" && old.message).toContain("a helper 0.1.0 answers, not 0.2.0");
    expect(old.state === "failed" && old.nextStep).toContain("braid service status");
  });

  it("staging failed before the prompt: failed with why", () => {
    const state = nextSupervisorState(installing, { type: "prepare-failed", message: "no node" }, app);
    expect(state.state === "failed" && state.message).toBe("Braid could not prepare its helper: no node");
  });
});
