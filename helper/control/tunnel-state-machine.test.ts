// The tunnel state machine: allowed moves emit one event each, forbidden ones throw and change nothing.
import { describe, expect, it } from "vitest";
import type { ControlEvent } from "./control-schema";
import { TunnelStateMachine } from "./tunnel-state-machine";

describe("tunnel state machine", () => {
  it("walks connect, degrade, reconnect, disconnect with one event per transition", () => {
    const events: ControlEvent[] = [];
    const machine = new TunnelStateMachine(
      (e) => events.push(e),
      () => 42,
    );
    machine.moveTo({ state: "connecting", profileName: "home", sinceMs: 1 });
    machine.moveTo({ state: "connected", profileName: "home", sinceMs: 2, pathsUp: 3 });
    machine.moveTo({ state: "degraded", profileName: "home", sinceMs: 3, pathsUp: 2, pathsDown: 1 });
    machine.moveTo({ state: "reconnecting", profileName: "home", sinceMs: 4, attempt: 1 });
    machine.moveTo({ state: "disconnected" });
    expect(
      events.map((e) => (e.kind === "tunnel-state" ? `${e.from.state}>${e.to.state}@${e.atMs}` : e.kind)),
    ).toEqual([
      "disconnected>connecting@42",
      "connecting>connected@42",
      "connected>degraded@42",
      "degraded>reconnecting@42",
      "reconnecting>disconnected@42",
    ]);
  });

  it("updates a state's figures in place, keeping when it began, and says nothing when nothing changed", () => {
    const events: ControlEvent[] = [];
    const machine = new TunnelStateMachine((e) => events.push(e));
    machine.moveTo({ state: "connecting", profileName: "home", sinceMs: 1 });
    machine.moveTo({ state: "connected", profileName: "home", sinceMs: 2, pathsUp: 1 });
    machine.update({ state: "connected", profileName: "home", sinceMs: 9, pathsUp: 2 });
    machine.update({ state: "connected", profileName: "home", sinceMs: 10, pathsUp: 2 });
    expect(machine.state).toEqual({ state: "connected", profileName: "home", sinceMs: 2, pathsUp: 2 });
    expect(events).toHaveLength(3);
    expect(() => machine.update({ state: "disconnected" })).toThrow(/use moveTo/);
  });

  it("refuses a move that is not allowed, naming both states, and stays put", () => {
    const events: ControlEvent[] = [];
    const machine = new TunnelStateMachine((e) => events.push(e));
    expect(() => machine.moveTo({ state: "connected", profileName: "h", sinceMs: 1, pathsUp: 1 })).toThrow(
      /from disconnected to connected/,
    );
    expect(machine.state).toEqual({ state: "disconnected" });
    expect(events).toEqual([]);
  });
});
