import { describe, expect, it } from "vitest";
import { parseScenario, ScenarioError } from "./scenario";

const good = {
  mode: "bond",
  links: [
    { name: "fiber", rate_mbit: 100, delay_ms: 10, jitter_ms: 1, loss_pct: 0 },
    { name: "lte", rate_mbit: 30, delay_ms: 40, jitter_ms: 5, loss_pct: 0.5 },
  ],
  events: [
    { at_s: 7, link: "fiber", action: "up" },
    { at_s: 4, link: "fiber", action: "down" },
    { at_s: 5, link: "lte", action: "set", rate_mbit: 10 },
  ],
  traffic: { direction: "download", tcp_streams: 4, duration_s: 10, probe_hz: 1000 },
};

// biome-ignore lint/suspicious/noExplicitAny: each case breaks the scenario in its own way
function errorOf(mutate: (s: any) => void): string {
  const s = structuredClone(good);
  mutate(s);
  try {
    parseScenario(JSON.stringify(s));
  } catch (error) {
    expect(error).toBeInstanceOf(ScenarioError);
    return (error as Error).message;
  }
  throw new Error("expected the scenario to be rejected");
}

describe("scenario file", () => {
  it("reads the issue's example into typed values, events in time order", () => {
    const s = parseScenario(JSON.stringify(good));
    expect(s.mode).toBe("bond");
    expect(s.links[1]).toEqual({
      name: "lte",
      rateMbit: 30,
      delayMs: 40,
      jitterMs: 5,
      lossPct: 0.5,
      queueMs: 50,
    });
    expect(s.events.map((e) => e.atS)).toEqual([4, 5, 7]);
    expect(s.events[1]!.action).toEqual({ kind: "set", rateMbit: 10 });
    expect(s.traffic).toEqual({ direction: "download", tcpStreams: 4, durationS: 10, probeHz: 1000 });
  });

  it("names the wrong field in one clear error", () => {
    expect(errorOf((s) => (s.links[1].rate_mbit = "fast"))).toBe(
      'links[1].rate_mbit: must be a number > 0 and <= 10000, got "fast"',
    );
    expect(errorOf((s) => (s.mode = "fastest"))).toMatch(/^mode: must be one of bond, redundant/);
    expect(errorOf((s) => (s.traffic.direction = "up"))).toBe(
      'traffic.direction: must be one of upload, download, both, got "up"',
    );
    expect(errorOf((s) => (s.traffic.tcp_streams = 1.5))).toBe(
      "traffic.tcp_streams: must be a whole number >= 0, got 1.5",
    );
    expect(errorOf((s) => (s.events[0].link = "wifi"))).toBe(
      'events[0].link: must name a link (fiber, lte), got "wifi"',
    );
    expect(errorOf((s) => (s.events[1].at_s = 11))).toMatch(
      /^events\[1\]\.at_s: must be a number >= 0 and <= 10/,
    );
    expect(errorOf((s) => (s.links[0].delay = 3))).toMatch(/^links\[0\]\.delay: unknown field/);
    expect(errorOf((s) => delete s.links[0].delay_ms)).toBe(
      "links[0].delay_ms: must be a number >= 0 and <= 10000, got nothing",
    );
    expect(errorOf((s) => (s.links[1].name = "fiber"))).toBe('links[1].name: must be unique, got "fiber"');
    expect(errorOf((s) => (s.links = []))).toBe("links: must be a non-empty array, got []");
    expect(errorOf((s) => (s.events[2] = { at_s: 1, link: "lte", action: "set" }))).toMatch(
      /^events\[2\]: action "set" needs/,
    );
  });

  it("says when the file is not JSON at all", () => {
    expect(() => parseScenario("{mode: bond}")).toThrow(/^scenario is not valid JSON/);
  });

  it("accepts probes only (tcp_streams 0) and no events", () => {
    const s = parseScenario(
      JSON.stringify({ ...good, events: undefined, traffic: { ...good.traffic, tcp_streams: 0 } }),
    );
    expect(s.events).toEqual([]);
    expect(s.traffic.tcpStreams).toBe(0);
  });
});
