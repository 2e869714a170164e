// Turns the helper's control events into what the dashboard draws: samples with stable ids and kinds, path up/down events.
import type { ControlEvent, PathMetricsSample } from "../../helper/control/control-schema";
import type { TunnelState } from "../../helper/control/tunnel-state";
import type { PathPriority, PathState } from "../../helper/engine/path-types";
import type { InterfaceKind, PathEvent, PathSnapshot, PathsSample } from "../ipc/dashboard-types";

/** What one helper event means for the app; any part may be absent. */
export interface MappedEvent {
  readonly state?: TunnelState;
  readonly sample?: PathsSample;
  readonly events: readonly PathEvent[];
}

/**
 * The kind from the kernel's naming conventions (systemd predictable names and the older ones): the helper reports
 * interface names only, and a name is all the app has until the helper sends the link type.
 */
export function interfaceKindOf(interfaceName: string): InterfaceKind {
  if (/^(wl|wifi|ath)/.test(interfaceName)) return "wifi";
  if (/^(ww|rmnet|ppp|usb|cdc|qmi|lte)/.test(interfaceName)) return "cellular";
  if (/^(en|eth|em|bond|veth)/.test(interfaceName)) return "ethernet";
  return "other";
}

export class HelperEventMapper {
  /** Per connection: an interface keeps its id (and chart series) until the next connect. */
  private readonly ids = new Map<string, number>();
  private readonly lastPathState = new Map<string, PathState>();
  /** Went down and has not carried traffic since (it probes first): its return is news. */
  private readonly wentDown = new Set<string>();
  /** Each path's last figures this connection, so one the helper stops reporting still has a card. */
  private readonly lastFigures = new Map<string, PathMetricsSample>();
  private hadPaths = false;

  constructor(
    /** Priorities the app has set; the helper's metrics do not carry them (primary until told otherwise). */
    private readonly priorityOf: (interfaceName: string) => PathPriority = () => "primary",
  ) {}

  map(event: ControlEvent): MappedEvent {
    switch (event.kind) {
      case "tunnel-state":
        return this.onState(event.atMs, event.to);
      case "path-metrics":
        return this.onMetrics(event.atMs, event.paths);
      case "failover":
      case "all-paths-down":
        return { events: [event] };
      case "alert":
        // Alerts are log lines for the helper's journal; the dashboard marks path changes only.
        return { events: [] };
    }
  }

  /** The helper went away: no paths are known until it answers again. */
  lost(atMs: number): PathsSample | undefined {
    return this.clear(atMs);
  }

  private onState(atMs: number, to: TunnelState): MappedEvent {
    if (to.state === "connecting") {
      this.ids.clear();
      this.lastPathState.clear();
      this.wentDown.clear();
      this.lastFigures.clear();
    }
    const sample = to.state === "disconnected" || to.state === "error" ? this.clear(atMs) : undefined;
    return { state: to, ...(sample && { sample }), events: [] };
  }

  private clear(atMs: number): PathsSample | undefined {
    this.lastPathState.clear();
    this.lastFigures.clear();
    if (!this.hadPaths) return undefined;
    this.hadPaths = false;
    return { atMs, paths: [] };
  }

  private onMetrics(atMs: number, metrics: readonly PathMetricsSample[]): MappedEvent {
    const events: PathEvent[] = [];
    const reported = new Set(metrics.map((m) => m.interface));
    // The helper drops an uplink whose link went away; the person still wants to see that it is down, in place.
    const vanished: PathMetricsSample[] = [];
    for (const [name, last] of this.lastFigures) {
      if (reported.has(name)) continue;
      const zero = { rttMs: undefined, lossRatio: 1, txBitsPerSec: 0, rxBitsPerSec: 0, shareRatio: 0 };
      vanished.push({ ...last, ...zero, state: "down" });
    }
    const paths = [...metrics, ...vanished]
      .map((m) => this.snapshot(atMs, m, !reported.has(m.interface), events))
      .sort((a, b) => a.id - b.id);
    this.hadPaths = paths.length > 0;
    return { sample: { atMs, paths }, events };
  }

  private snapshot(atMs: number, m: PathMetricsSample, vanished: boolean, events: PathEvent[]): PathSnapshot {
    let id = this.ids.get(m.interface);
    if (id === undefined) {
      id = this.ids.size;
      this.ids.set(m.interface, id);
    }
    this.lastFigures.set(m.interface, m);
    const before = this.lastPathState.get(m.interface);
    this.lastPathState.set(m.interface, m.state);
    if (m.state === "down" && before !== "down") {
      this.wentDown.add(m.interface);
      events.push({
        kind: "path-down",
        atMs,
        interface: m.interface,
        detail: vanished
          ? `${m.interface}: the link went away (down or unplugged)`
          : `${m.interface}: stopped answering probes`,
      });
    } else if (m.state === "up" && (before === undefined || before === "down" || before === "probing")) {
      const returned = this.wentDown.delete(m.interface);
      events.push({
        kind: "path-up",
        atMs,
        interface: m.interface,
        detail: returned ? `${m.interface}: answering probes, carrying traffic again` : `${m.interface}: up`,
      });
    }
    return {
      ...m,
      // A down path has no RTT worth showing, whatever the smoothed figure still says.
      rttMs: m.state === "down" ? undefined : m.rttMs,
      id,
      kind: interfaceKindOf(m.interface),
      priority: this.priorityOf(m.interface),
    };
  }
}
