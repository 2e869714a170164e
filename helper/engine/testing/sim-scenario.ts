// The network scenario a simulation runs, in the lab's public format (links + timed events), and its parser.

/** One duplex path; both directions get these settings (script asymmetry through SimNetwork.paths[i].up/down). */
export interface ScenarioLink {
  readonly name: string;
  readonly rateMbit: number;
  /** One-way delay, the minimum; jitter only adds to it. */
  readonly delayMs: number;
  readonly jitterMs: number;
  readonly lossPct: number;
  /** Bottleneck queue per direction; default: what the link drains in defaultQueueMs, at least minQueueBytes. */
  readonly queueBytes?: number;
}

export type ScenarioEvent =
  | { readonly atS: number; readonly link: string; readonly action: "down" }
  | { readonly atS: number; readonly link: string; readonly action: "up" }
  | { readonly atS: number; readonly link: string; readonly action: "rate"; readonly rateMbit: number };

export interface Scenario {
  readonly links: readonly ScenarioLink[];
  readonly events?: readonly ScenarioEvent[];
}

export const defaultQueueMs = 100;
export const minQueueBytes = 32 * 1024;

/** Queue size used when a link gives none, in bytes. */
export function defaultQueueBytes(rateMbit: number): number {
  return Math.max(Math.round((rateMbit * 1e6 * defaultQueueMs) / 1000 / 8), minQueueBytes);
}

const linkKeys = ["name", "rateMbit", "delayMs", "jitterMs", "lossPct", "queueBytes"];
const eventKeys = ["atS", "link", "action", "rateMbit"];

/**
 * Checks a scenario (typed or straight from JSON) and returns it typed. Unknown keys inside links and events are
 * errors (they are usually typos); unknown top-level keys are ignored, since lab scenarios carry more than the
 * network. Errors name the field and say what was expected.
 */
export function parseScenario(input: unknown): Scenario {
  const root = asRecord(input, "scenario");
  if (!Array.isArray(root.links) || root.links.length === 0) {
    throw new Error("scenario.links: expected a non-empty array of links");
  }
  const links = root.links.map((raw: unknown, index) => parseLink(raw, `scenario.links[${index}]`));
  const names = new Set<string>();
  for (const [index, link] of links.entries()) {
    if (names.has(link.name)) throw new Error(`scenario.links[${index}].name: "${link.name}" is used twice`);
    names.add(link.name);
  }
  const rawEvents = root.events ?? [];
  if (!Array.isArray(rawEvents)) throw new Error("scenario.events: expected an array of events");
  const events = rawEvents.map((raw: unknown, index) => parseEvent(raw, `scenario.events[${index}]`, names));
  return { links, events };
}

function parseLink(raw: unknown, where: string): ScenarioLink {
  const record = asRecord(raw, where);
  rejectUnknownKeys(record, linkKeys, where);
  const link = {
    name: nonEmptyString(record.name, `${where}.name`),
    rateMbit: positive(record.rateMbit, `${where}.rateMbit`, "Mbit/s"),
    delayMs: nonNegative(record.delayMs, `${where}.delayMs`, "ms"),
    jitterMs: nonNegative(record.jitterMs, `${where}.jitterMs`, "ms"),
    lossPct: nonNegative(record.lossPct, `${where}.lossPct`, "percent"),
  };
  if (link.lossPct > 100) throw new Error(`${where}.lossPct: expected 0..100 percent, got ${link.lossPct}`);
  if (record.queueBytes === undefined) return link;
  return { ...link, queueBytes: nonNegative(record.queueBytes, `${where}.queueBytes`, "bytes") };
}

function parseEvent(raw: unknown, where: string, linkNames: ReadonlySet<string>): ScenarioEvent {
  const record = asRecord(raw, where);
  rejectUnknownKeys(record, eventKeys, where);
  const atS = nonNegative(record.atS, `${where}.atS`, "seconds");
  const link = nonEmptyString(record.link, `${where}.link`);
  if (!linkNames.has(link)) {
    throw new Error(`${where}.link: no link named "${link}" (links: ${[...linkNames].join(", ")})`);
  }
  const action = record.action;
  if (action === "rate")
    return { atS, link, action, rateMbit: positive(record.rateMbit, `${where}.rateMbit`, "Mbit/s") };
  if (record.rateMbit !== undefined) throw new Error(`${where}.rateMbit: only a "rate" event takes a rate`);
  if (action === "down" || action === "up") return { atS, link, action };
  throw new Error(`${where}.action: expected "down", "up" or "rate", got ${JSON.stringify(action)}`);
}

function asRecord(value: unknown, where: string): Record<string, unknown> {
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    throw new Error(`${where}: expected an object, got ${JSON.stringify(value)}`);
  }
  return value as Record<string, unknown>;
}

function rejectUnknownKeys(record: Record<string, unknown>, known: readonly string[], where: string): void {
  for (const key of Object.keys(record)) {
    if (!known.includes(key))
      throw new Error(`${where}: unknown key "${key}" (known keys: ${known.join(", ")})`);
  }
}

function nonEmptyString(value: unknown, where: string): string {
  if (typeof value !== "string" || value.length === 0) {
    throw new Error(`${where}: expected a non-empty string, got ${JSON.stringify(value)}`);
  }
  return value;
}

function positive(value: unknown, where: string, unit: string): number {
  if (typeof value !== "number" || !Number.isFinite(value) || value <= 0) {
    throw new Error(`${where}: expected a positive number of ${unit}, got ${JSON.stringify(value)}`);
  }
  return value;
}

function nonNegative(value: unknown, where: string, unit: string): number {
  if (typeof value !== "number" || !Number.isFinite(value) || value < 0) {
    throw new Error(`${where}: expected a number of ${unit} >= 0, got ${JSON.stringify(value)}`);
  }
  return value;
}
