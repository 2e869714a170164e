// Runs the supervisor's state machine: looks at the socket, asks the user, prepares and runs one elevation,
// checks that the helper answers afterwards. Everything it touches is injected (main.ts passes the real ones).
import type { Elevator } from "../elevation/sudo-prompt-elevator";
import type { Ask } from "./supervisor-dialogs";
import { dialogFor } from "./supervisor-dialogs";
import {
  type HelperFinding,
  type HostFacts,
  isAsking,
  isSettled,
  nextSupervisorState,
  type SupervisorEvent,
  type SupervisorState,
} from "./supervisor-state";

export type ElevationKind = "install" | "login-only";

/** An elevated line ready to run, and what to remove afterwards (the staging folder). */
export interface PreparedLine {
  readonly line: string;
  cleanup(): void;
}

export interface SupervisorDeps {
  readonly appVersion: string;
  probe(): Promise<HelperFinding>;
  facts(): HostFacts;
  readonly ask: Ask;
  /** Stages and verifies the files and builds the line; throws saying what is wrong. */
  prepare(kind: ElevationKind): Promise<PreparedLine>;
  readonly elevator: Elevator;
  sleep(ms: number): Promise<void>;
  /** An installed service may be restarting (RestartSec=1, Node's start): look this many more times first. */
  readonly graceProbes?: number;
  readonly graceDelayMs?: number;
  /** After an elevation: how long to wait for the helper to answer its new version. */
  readonly verifyProbes?: number;
  readonly verifyDelayMs?: number;
}

export interface HelperSupervisor {
  readonly state: SupervisorState;
  /** Looks again and acts (asks, elevates) until connected or failed; a check in progress is shared. */
  check(): Promise<SupervisorState>;
  onStateChanged(listener: (state: SupervisorState) => void): () => void;
}

export function createHelperSupervisor(deps: SupervisorDeps): HelperSupervisor {
  const graceProbes = deps.graceProbes ?? 10;
  const graceDelayMs = deps.graceDelayMs ?? 500;
  const verifyProbes = deps.verifyProbes ?? 20;
  const verifyDelayMs = deps.verifyDelayMs ?? 500;
  const listeners = new Set<(state: SupervisorState) => void>();
  let state: SupervisorState = { state: "checking" };
  let running: Promise<SupervisorState> | undefined;

  function dispatch(event: SupervisorEvent): void {
    const next = nextSupervisorState(state, event, deps.appVersion);
    if (next === state) return;
    state = next;
    for (const listener of listeners) listener(state);
  }

  function mayStillStart(finding: HelperFinding, facts: HostFacts): boolean {
    return facts.serviceInstalled && (finding.kind === "absent" || finding.kind === "silent");
  }

  async function look(): Promise<void> {
    let facts = deps.facts();
    let finding = await deps.probe();
    for (let i = 0; i < graceProbes && mayStillStart(finding, facts); i += 1) {
      await deps.sleep(graceDelayMs);
      facts = deps.facts();
      finding = await deps.probe();
    }
    dispatch({ type: "found", finding, facts });
  }

  async function verify(): Promise<void> {
    let finding = await deps.probe();
    for (let i = 0; i < verifyProbes; i += 1) {
      if (finding.kind === "answered" && finding.helperVersion === deps.appVersion) break;
      await deps.sleep(verifyDelayMs);
      finding = await deps.probe();
    }
    dispatch({ type: "verified", finding });
  }

  async function elevate(kind: ElevationKind): Promise<void> {
    let prepared: PreparedLine;
    try {
      prepared = await deps.prepare(kind);
    } catch (error) {
      dispatch({ type: "prepare-failed", message: (error as Error).message });
      return;
    }
    try {
      dispatch({ type: "elevated", result: await deps.elevator.run(prepared.line) });
    } finally {
      prepared.cleanup();
    }
    if (state.state === "installing" || state.state === "starting-login-only") await verify();
  }

  async function run(): Promise<SupervisorState> {
    dispatch({ type: "check" });
    await look();
    while (!isSettled(state)) {
      const dialog = dialogFor(state);
      if (isAsking(state) && dialog) dispatch({ type: "chose", choice: await deps.ask(dialog) });
      else if (state.state === "installing") await elevate("install");
      else if (state.state === "starting-login-only") await elevate("login-only");
      else throw new Error(`helper supervisor: no step for state ${state.state}`);
    }
    const failure = dialogFor(state);
    if (state.state === "failed" && failure) await deps.ask(failure);
    return state;
  }

  return {
    get state() {
      return state;
    },
    check() {
      running ??= run().finally(() => {
        running = undefined;
      });
      return running;
    },
    onStateChanged(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}
