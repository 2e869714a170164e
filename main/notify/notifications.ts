// Which tunnel happenings become desktop notifications (failover, all paths down, recovery), and how often.
import type { TunnelState } from "../../helper/control/tunnel-state";
import type { PathEvent } from "../ipc/dashboard-types";

export type NotificationKind = "failover" | "all-paths-down" | "recovered";

export interface DesktopNotification {
  readonly kind: NotificationKind;
  readonly title: string;
  readonly body: string;
}

export interface NotificationPolicyOptions {
  readonly nowMs: () => number;
  /** A flapping link must not bury the desktop: one notification of a kind per this long. */
  readonly minIntervalMs?: number;
}

/**
 * Decides, event by event, what the person is told. Failovers of one flapping link within the interval are
 * folded into the next one shown ("and 3 more"); a recovery is always shown when the outage it ends was.
 */
export class NotificationPolicy {
  private readonly minIntervalMs: number;
  private readonly lastShownAtMs = new Map<NotificationKind, number>();
  private foldedFailovers = 0;
  /** An all-paths-down or reconnecting was reported: its end is worth a notification of its own. */
  private outageReported = false;
  private previous: TunnelState["state"] | undefined;

  constructor(private readonly options: NotificationPolicyOptions) {
    this.minIntervalMs = options.minIntervalMs ?? 30_000;
  }

  onPathEvent(event: PathEvent): DesktopNotification | undefined {
    if (event.kind === "failover") {
      if (!this.allowed("failover")) {
        this.foldedFailovers += 1;
        return undefined;
      }
      const folded = this.foldedFailovers;
      this.foldedFailovers = 0;
      const moved =
        event.fromInterface && event.toInterface ? `${event.fromInterface} → ${event.toInterface}` : "";
      return this.show({
        kind: "failover",
        title: moved ? `Failover: ${moved}` : "Failover",
        body: folded > 0 ? `${event.detail} (and ${folded} more since the last notice)` : event.detail,
      });
    }
    if (event.kind === "all-paths-down") {
      if (this.outageReported || !this.allowed("all-paths-down")) return undefined;
      this.outageReported = true;
      return this.show({ kind: "all-paths-down", title: "All paths down", body: event.detail });
    }
    return undefined;
  }

  onStateChanged(state: TunnelState): DesktopNotification | undefined {
    const before = this.previous;
    this.previous = state.state;
    if (state.state === "disconnected" || state.state === "error") {
      // The person (or an error shown in the window) ended the session: nothing is left to recover from.
      this.outageReported = false;
      return undefined;
    }
    if (state.state === "reconnecting" && before !== "reconnecting" && !this.outageReported) {
      if (!this.allowed("all-paths-down")) return undefined;
      this.outageReported = true;
      return this.show({
        kind: "all-paths-down",
        title: "All paths down",
        body: `Reconnecting to ${state.profileName}; traffic waits until a path answers.`,
      });
    }
    if ((state.state === "connected" || state.state === "degraded") && this.outageReported) {
      this.outageReported = false;
      const up = `${state.pathsUp} ${state.pathsUp === 1 ? "path" : "paths"} up`;
      return this.show({ kind: "recovered", title: "Braid recovered", body: `${state.profileName}: ${up}.` });
    }
    return undefined;
  }

  private allowed(kind: NotificationKind): boolean {
    const last = this.lastShownAtMs.get(kind);
    return last === undefined || this.options.nowMs() - last >= this.minIntervalMs;
  }

  private show(notification: DesktopNotification): DesktopNotification {
    this.lastShownAtMs.set(notification.kind, this.options.nowMs());
    return notification;
  }
}
