// The lab's scenario file (a public interface, see docs/lab.md): parsed and checked at the edge into typed values.
import { type SchedulerMode, schedulerModes } from "../../helper/engine/path-types";

export interface LinkSpec {
  readonly name: string;
  /** Each direction. */
  readonly rateMbit: number;
  /** One way, each direction. */
  readonly delayMs: number;
  readonly jitterMs: number;
  readonly lossPct: number;
  /** Bottleneck queue, sized in time at the link's rate (like a real modem's buffer). */
  readonly queueMs: number;
}

/** What a link changes at an event; "set" changes any of rate, delay, jitter and loss from then on. */
export type LinkEventAction =
  | { readonly kind: "down" }
  | { readonly kind: "up" }
  | {
      readonly kind: "set";
      readonly rateMbit?: number;
      readonly delayMs?: number;
      readonly jitterMs?: number;
      readonly lossPct?: number;
    };

export interface LinkEvent {
  readonly atS: number;
  readonly link: string;
  readonly action: LinkEventAction;
}

export type TrafficDirection = "upload" | "download" | "both";

export interface TrafficSpec {
  readonly direction: TrafficDirection;
  readonly tcpStreams: number;
  readonly durationS: number;
  readonly probeHz: number;
}

export interface Scenario {
  readonly mode: SchedulerMode;
  readonly links: readonly LinkSpec[];
  readonly events: readonly LinkEvent[];
  readonly traffic: TrafficSpec;
}

export const defaultQueueMs = 50;

export class ScenarioError extends Error {
  override readonly name = "ScenarioError";
}

type Json = Record<string, unknown>;

function fail(field: string, rule: string, got: unknown): never {
  throw new ScenarioError(`${field}: ${rule}, got ${got === undefined ? "nothing" : JSON.stringify(got)}`);
}

function object(value: unknown, field: string): Json {
  if (typeof value !== "object" || value === null || Array.isArray(value))
    fail(field, "must be an object", value);
  return value as Json;
}

function noUnknownKeys(value: Json, field: string, known: readonly string[]): void {
  for (const key of Object.keys(value)) {
    if (!known.includes(key)) {
      throw new ScenarioError(`${field}.${key}: unknown field (known: ${known.join(", ")})`);
    }
  }
}

function number(value: unknown, field: string, min: number, minInclusive: boolean, max = Infinity): number {
  const ok =
    typeof value === "number" &&
    Number.isFinite(value) &&
    (minInclusive ? value >= min : value > min) &&
    value <= max;
  if (!ok) {
    const range = `${minInclusive ? ">=" : ">"} ${min}${max === Infinity ? "" : ` and <= ${max}`}`;
    fail(field, `must be a number ${range}`, value);
  }
  return value as number;
}

function optionalNumber(value: unknown, field: string, min: number, inclusive: boolean, max = Infinity) {
  return value === undefined ? undefined : number(value, field, min, inclusive, max);
}

function integer(value: unknown, field: string, min: number): number {
  if (typeof value !== "number" || !Number.isInteger(value) || value < min) {
    fail(field, `must be a whole number >= ${min}`, value);
  }
  return value;
}

function oneOf<T extends string>(value: unknown, field: string, choices: readonly T[]): T {
  if (typeof value !== "string" || !choices.includes(value as T))
    fail(field, `must be one of ${choices.join(", ")}`, value);
  return value as T;
}

const linkNamePattern = /^[A-Za-z][A-Za-z0-9_-]{0,14}$/;

function parseLink(value: unknown, field: string): LinkSpec {
  const link = object(value, field);
  noUnknownKeys(link, field, ["name", "rate_mbit", "delay_ms", "jitter_ms", "loss_pct", "queue_ms"]);
  if (typeof link.name !== "string" || !linkNamePattern.test(link.name)) {
    fail(
      `${field}.name`,
      "must be 1 to 15 letters, digits, _ or - starting with a letter (it names the interface)",
      link.name,
    );
  }
  return {
    name: link.name,
    rateMbit: number(link.rate_mbit, `${field}.rate_mbit`, 0, false, 10_000),
    delayMs: number(link.delay_ms, `${field}.delay_ms`, 0, true, 10_000),
    jitterMs: optionalNumber(link.jitter_ms, `${field}.jitter_ms`, 0, true, 10_000) ?? 0,
    lossPct: optionalNumber(link.loss_pct, `${field}.loss_pct`, 0, true, 100) ?? 0,
    queueMs: optionalNumber(link.queue_ms, `${field}.queue_ms`, 0, false, 10_000) ?? defaultQueueMs,
  };
}

function parseAction(event: Json, field: string): LinkEventAction {
  const kind = oneOf(event.action, `${field}.action`, ["down", "up", "set"] as const);
  if (kind !== "set") {
    noUnknownKeys(event, field, ["at_s", "link", "action"]);
    return { kind };
  }
  noUnknownKeys(event, field, ["at_s", "link", "action", "rate_mbit", "delay_ms", "jitter_ms", "loss_pct"]);
  const changes = {
    rateMbit: optionalNumber(event.rate_mbit, `${field}.rate_mbit`, 0, false, 10_000),
    delayMs: optionalNumber(event.delay_ms, `${field}.delay_ms`, 0, true, 10_000),
    jitterMs: optionalNumber(event.jitter_ms, `${field}.jitter_ms`, 0, true, 10_000),
    lossPct: optionalNumber(event.loss_pct, `${field}.loss_pct`, 0, true, 100),
  };
  const set = Object.fromEntries(Object.entries(changes).filter(([, v]) => v !== undefined));
  if (Object.keys(set).length === 0) {
    throw new ScenarioError(
      `${field}: action "set" needs at least one of rate_mbit, delay_ms, jitter_ms, loss_pct`,
    );
  }
  return { kind: "set", ...set };
}

/** Parses a scenario's JSON text; throws one ScenarioError naming the first wrong field. */
export function parseScenario(text: string): Scenario {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    throw new ScenarioError(
      `scenario is not valid JSON: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
  return validateScenario(raw);
}

export function validateScenario(raw: unknown): Scenario {
  const top = object(raw, "scenario");
  noUnknownKeys(top, "scenario", ["mode", "links", "events", "traffic"]);
  const mode = oneOf(top.mode, "mode", schedulerModes);
  if (!Array.isArray(top.links) || top.links.length === 0)
    fail("links", "must be a non-empty array", top.links);
  if (top.links.length > 8) fail("links", "must have at most 8 links", top.links.length);
  const links = top.links.map((link, i) => parseLink(link, `links[${i}]`));
  links.forEach((link, i) => {
    if (links.findIndex((other) => other.name === link.name) !== i)
      fail(`links[${i}].name`, "must be unique", link.name);
  });
  const trafficRaw = object(top.traffic, "traffic");
  noUnknownKeys(trafficRaw, "traffic", ["direction", "tcp_streams", "duration_s", "probe_hz"]);
  const traffic: TrafficSpec = {
    direction: oneOf(trafficRaw.direction, "traffic.direction", ["upload", "download", "both"] as const),
    tcpStreams: integer(trafficRaw.tcp_streams, "traffic.tcp_streams", 0),
    durationS: number(trafficRaw.duration_s, "traffic.duration_s", 0, false, 3600),
    probeHz: number(trafficRaw.probe_hz, "traffic.probe_hz", 0, true, 10_000),
  };
  if (traffic.tcpStreams > 128) fail("traffic.tcp_streams", "must be at most 128", traffic.tcpStreams);
  const eventsRaw = top.events ?? [];
  if (!Array.isArray(eventsRaw)) fail("events", "must be an array", eventsRaw);
  const events = eventsRaw.map((value, i): LinkEvent => {
    const field = `events[${i}]`;
    const event = object(value, field);
    const atS = number(event.at_s, `${field}.at_s`, 0, true, traffic.durationS);
    if (typeof event.link !== "string" || !links.some((link) => link.name === event.link)) {
      fail(`${field}.link`, `must name a link (${links.map((l) => l.name).join(", ")})`, event.link);
    }
    return { atS, link: event.link, action: parseAction(event, field) };
  });
  return { mode, links, events: [...events].sort((a, b) => a.atS - b.atS), traffic };
}
