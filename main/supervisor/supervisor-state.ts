// The helper supervisor's states and its one transition function: what was found on the socket, what the user
// chose, how an elevation ended -> the next state. Pure, so every path is unit-tested without Electron or root.
import type { ElevationResult } from "../elevation/sudo-prompt-elevator";

/** What one look at the control socket found. */
export type HelperFinding =
  | { readonly kind: "answered"; readonly helperVersion: string }
  /** No socket file, or nothing listening on it (ENOENT, ECONNREFUSED). */
  | { readonly kind: "absent"; readonly detail: string }
  /** Something holds the socket but did not answer `version` in time. */
  | { readonly kind: "silent"; readonly detail: string }
  /** The helper answered, refusing this user (SO_PEERCRED). */
  | { readonly kind: "not-allowed"; readonly detail: string };

export interface HostFacts {
  /** The systemd unit file is there. */
  readonly serviceInstalled: boolean;
  /** systemd is the running init, so a service can be installed at all. */
  readonly systemdRunning: boolean;
}

export type SupervisorState =
  | { readonly state: "checking" }
  | { readonly state: "connected"; readonly helperVersion: string }
  /** No helper and no service: ask to install. */
  | { readonly state: "missing" }
  /** The service is installed but nothing answers: ask to reinstall (which restarts it). */
  | { readonly state: "not-running"; readonly detail: string }
  | { readonly state: "wrong-version"; readonly helperVersion: string; readonly appVersion: string }
  /** Installing was declined (or is impossible): offer the helper for this login only. */
  | { readonly state: "declined"; readonly reason: string }
  | { readonly state: "installing"; readonly reinstall: boolean }
  | { readonly state: "starting-login-only" }
  | { readonly state: "failed"; readonly message: string; readonly nextStep: string };

export type UserChoice = "install" | "login-only" | "not-now";

export type SupervisorEvent =
  | { readonly type: "check" }
  | { readonly type: "found"; readonly finding: HelperFinding; readonly facts: HostFacts }
  | { readonly type: "chose"; readonly choice: UserChoice }
  /** Staging the files or finding node failed before any prompt. */
  | { readonly type: "prepare-failed"; readonly message: string }
  | { readonly type: "elevated"; readonly result: ElevationResult }
  /** After an elevation: what the socket said once the helper had time to start. */
  | { readonly type: "verified"; readonly finding: HelperFinding };

const inTerminal = "or run sudo braid service install in a terminal to see each step";
/** A second launch reaches the running app (single instance), which checks the helper again. */
const askAgain = "Launch Braid again";

/** The states that wait for the user's answer to a dialog. */
export function isAsking(state: SupervisorState): boolean {
  return (
    state.state === "missing" ||
    state.state === "not-running" ||
    state.state === "wrong-version" ||
    state.state === "declined"
  );
}

/** The states the supervisor rests in until asked to check again. */
export function isSettled(state: SupervisorState): boolean {
  return state.state === "connected" || state.state === "failed";
}

function fromFinding(finding: HelperFinding, facts: HostFacts, appVersion: string): SupervisorState {
  switch (finding.kind) {
    case "answered":
      if (finding.helperVersion === appVersion)
        return { state: "connected", helperVersion: finding.helperVersion };
      if (!facts.serviceInstalled && !facts.systemdRunning)
        return {
          state: "failed",
          message: `A Braid helper ${finding.helperVersion} runs here, but this app is ${appVersion}, and without systemd Braid cannot replace it.`,
          nextStep:
            "Stop that helper (Ctrl-C where sudo braid helper runs, or restart the computer), then open Braid again.",
        };
      return { state: "wrong-version", helperVersion: finding.helperVersion, appVersion };
    case "not-allowed":
      return {
        state: "failed",
        message: `Braid's helper runs but does not let this user in (${finding.detail}).`,
        nextStep: "Run sudo usermod -aG braid $USER in a terminal, then log out and in again.",
      };
    case "silent":
      if (!facts.serviceInstalled)
        return {
          state: "failed",
          message: `Something holds Braid's control socket but does not answer (${finding.detail}).`,
          nextStep: "Stop the helper started by hand (or restart the computer), then open Braid again.",
        };
      return { state: "not-running", detail: finding.detail };
    case "absent":
      if (facts.serviceInstalled) return { state: "not-running", detail: finding.detail };
      if (!facts.systemdRunning)
        return {
          state: "declined",
          reason: "This system does not run systemd, so Braid cannot install its helper as a service.",
        };
      return { state: "missing" };
  }
}

function afterElevation(
  current: SupervisorState & { state: "installing" | "starting-login-only" },
  result: ElevationResult,
): SupervisorState {
  if (result.outcome === "done") return current; // the socket is checked next ("verified")
  if (result.outcome === "declined")
    return {
      state: "failed",
      message: "The password prompt was closed, so nothing was changed and Braid's helper is not running.",
      nextStep: `${askAgain} to be asked again, ${inTerminal}.`,
    };
  return {
    state: "failed",
    message: `${current.state === "installing" ? "Installing" : "Starting"} Braid's helper failed: ${result.message}`,
    nextStep: `${askAgain} to try again, ${inTerminal}.`,
  };
}

export function nextSupervisorState(
  current: SupervisorState,
  event: SupervisorEvent,
  appVersion: string,
): SupervisorState {
  switch (event.type) {
    case "check":
      return { state: "checking" };
    case "found":
      return current.state === "checking" ? fromFinding(event.finding, event.facts, appVersion) : current;
    case "chose":
      if (!isAsking(current)) return current;
      if (current.state === "declined")
        return event.choice === "login-only"
          ? { state: "starting-login-only" }
          : {
              state: "failed",
              message: "Braid's helper is not running, so Braid cannot connect.",
              nextStep: `${askAgain} to be asked again, ${inTerminal}.`,
            };
      if (event.choice === "install") return { state: "installing", reinstall: current.state !== "missing" };
      return {
        state: "declined",
        reason:
          current.state === "wrong-version"
            ? `The helper ${current.helperVersion} was left in place, and this app (${current.appVersion}) cannot use it.`
            : "Braid's helper was not installed.",
      };
    case "prepare-failed":
      if (current.state !== "installing" && current.state !== "starting-login-only") return current;
      return {
        state: "failed",
        message: `Braid could not prepare its helper: ${event.message}`,
        nextStep: `${askAgain} once that is fixed.`,
      };
    case "elevated":
      if (current.state !== "installing" && current.state !== "starting-login-only") return current;
      return afterElevation(current, event.result);
    case "verified": {
      if (current.state !== "installing" && current.state !== "starting-login-only") return current;
      const finding = event.finding;
      if (finding.kind === "answered" && finding.helperVersion === appVersion)
        return { state: "connected", helperVersion: finding.helperVersion };
      const said =
        finding.kind === "answered"
          ? `a helper ${finding.helperVersion} answers, not ${appVersion}`
          : finding.detail;
      return {
        state: "failed",
        message: `The helper was ${current.state === "installing" ? "installed" : "started"}, but the socket does not answer as expected (${said}).`,
        nextStep:
          current.state === "installing"
            ? "Run braid service status in a terminal; it names the next step."
            : "Look at /run/braid-login/helper.log (as root), then try again.",
      };
    }
  }
}
