// Binds the JSON-RPC handlers to a tunnel controller: state machine, events, 10 Hz metrics and late-subscriber history.
import type { ControlEvent } from "./control-schema";
import { CONTROL_API_VERSION } from "./control-schema";
import type { ControlHandlers } from "./control-server";
import { EventHistory, MetricsSampler, SAMPLE_INTERVAL_MS } from "./metrics-sampler";
import type { TunnelController, TunnelFact } from "./tunnel-controller";
import { TunnelStateMachine } from "./tunnel-state-machine";

export class ControlService {
  readonly history = new EventHistory();
  private readonly machine: TunnelStateMachine;
  private readonly sampler = new MetricsSampler();
  private timer: NodeJS.Timeout | undefined;
  private profileName = "";

  constructor(
    private readonly controller: TunnelController,
    private readonly publish: (event: ControlEvent) => void,
    private readonly helperVersion: string,
    private readonly nowMs: () => number = Date.now,
  ) {
    this.machine = new TunnelStateMachine((e) => this.emit(e), nowMs);
    controller.onFact((fact) => this.onFact(fact));
  }

  private emit(event: ControlEvent): void {
    this.history.add(event);
    this.publish(event);
  }

  /** Emits one path-metrics event now; start() calls it every 100 ms. */
  sampleOnce(): void {
    const monthly = this.controller.monthlyBytesUsed?.bind(this.controller);
    const event = this.sampler.sample(this.controller.snapshot(), this.nowMs(), monthly);
    if (event) this.emit(event);
  }

  start(): void {
    this.timer = setInterval(() => this.sampleOnce(), SAMPLE_INTERVAL_MS);
  }

  stop(): void {
    clearInterval(this.timer);
  }

  private onFact(fact: TunnelFact): void {
    const s = this.machine.state;
    const sinceMs = this.nowMs();
    const profileName = this.profileName;
    if (fact.kind === "up") {
      const next =
        fact.pathsDown > 0
          ? ({
              state: "degraded",
              profileName,
              sinceMs,
              pathsUp: fact.pathsUp,
              pathsDown: fact.pathsDown,
            } as const)
          : ({ state: "connected", profileName, sinceMs, pathsUp: fact.pathsUp } as const);
      if (s.state === next.state) this.machine.update(next);
      else if (this.machine.canMoveTo(next.state)) this.machine.moveTo(next);
    } else if (fact.kind === "lost") {
      this.emit({ kind: "all-paths-down", atMs: sinceMs, detail: fact.detail });
      const attempt = s.state === "reconnecting" ? s.attempt + 1 : 1;
      if (this.machine.canMoveTo("reconnecting"))
        this.machine.moveTo({ state: "reconnecting", profileName, sinceMs, attempt });
    } else if (fact.kind === "failed") {
      if (this.machine.canMoveTo("error"))
        this.machine.moveTo({ state: "error", message: fact.message, nextStep: fact.nextStep });
      this.emit({
        kind: "alert",
        atMs: sinceMs,
        severity: "error",
        interface: undefined,
        message: fact.message,
      });
    } else {
      this.emit({
        kind: "failover",
        atMs: sinceMs,
        fromInterface: fact.fromInterface,
        toInterface: fact.toInterface,
        detail: fact.detail,
      });
    }
  }

  readonly handlers: ControlHandlers = {
    state: () => this.machine.state,
    connect: async ({ profile }) => {
      this.profileName = profile;
      // Connecting while connected (another profile, or the same again) passes through disconnected.
      if (!this.machine.canMoveTo("connecting")) this.machine.moveTo({ state: "disconnected" });
      this.machine.moveTo({ state: "connecting", profileName: profile, sinceMs: this.nowMs() });
      try {
        await this.controller.connect(profile);
      } catch (error) {
        this.onFact({
          kind: "failed",
          message: (error as Error).message,
          nextStep: "check the profile and retry",
        });
      }
      return this.machine.state;
    },
    disconnect: async () => {
      await this.controller.disconnect();
      if (this.machine.canMoveTo("disconnected")) this.machine.moveTo({ state: "disconnected" });
      return this.machine.state;
    },
    setMode: async (p) => {
      await this.controller.setMode(p.mode);
      return p;
    },
    setPathPriority: async (p) => {
      await this.controller.setPathPriority(p.interface, p.priority);
      return p;
    },
    setDataCap: async (p) => {
      await this.controller.setDataCap(p.interface, p.capMegabytes);
      return { interface: p.interface, capMegabytes: p.capMegabytes };
    },
    listProfiles: () => this.controller.listProfiles(),
    importProfile: (p) => this.controller.importProfile(p.name, p.text),
    removeProfile: async (p) => {
      await this.controller.removeProfile(p.name);
      return { removed: p.name };
    },
    setKillSwitch: async (p) => {
      await this.controller.setKillSwitch(p.enabled);
      return p;
    },
    getSettings: () => this.controller.settings(),
    setProbeRate: async ({ hz }) => {
      await this.controller.setProbeRate(hz);
      return { probeRateHz: hz };
    },
    version: () => ({
      helperVersion: this.helperVersion,
      apiVersion: CONTROL_API_VERSION,
      platform: process.platform,
    }),
    subscribe: () => ({ state: this.machine.state, history: this.history.snapshot() }),
  };
}
