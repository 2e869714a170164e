// The helper service's TunnelController: profiles from the store, one ClientTunnel at a time, the engine's path
// events turned into the facts the control service makes states of.

import type { BraidProfile } from "../config/braid-profile";
import type { ProfileSummary, TunnelSettings } from "../control/control-schema";
import type { TunnelController, TunnelFact } from "../control/tunnel-controller";
import type { PathPriority, SchedulerMode } from "../engine/path-types";
import type { RandomSource } from "../engine/ports";
import type { EngineEvent, PeerSnapshot } from "../engine/session/engine-api";
import { ClientTunnel, type ClientTunnelSpec } from "../runtime/client-tunnel";
import type { ProfileStore } from "./profile-store";

export interface HostTunnelControllerOptions {
  readonly store: ProfileStore;
  readonly interfaceName: string;
  readonly random: RandomSource;
  readonly log: (line: string) => void;
  /** Test seam: how a tunnel is opened (the real ClientTunnel by default). */
  readonly openTunnel?: (spec: ClientTunnelSpec) => Promise<TunnelHandle>;
}

/** What the controller uses of a running tunnel (ClientTunnel fits). */
export interface TunnelHandle {
  setMode(mode: SchedulerMode): void;
  setPriority(dev: string, priority: PathPriority): boolean;
  setDataCap(dev: string, capBytes: number | undefined): boolean;
  setProbeRate(probeRateHz: number): void;
  snapshot(): readonly PeerSnapshot[];
  close(): Promise<void>;
}

/** The engine probes an up path in use every 100 ms unless a profile or setProbeRate says otherwise. */
export const DEFAULT_PROBE_RATE_HZ = 10;

/** A request that cannot be carried out now, worded for the user. */
export class ControllerError extends Error {}

export class HostTunnelController implements TunnelController {
  private tunnel: TunnelHandle | undefined;
  private profileName: string | undefined;
  /** The profile connected now or last: what getSettings reports, and whose keys it falls back on. */
  private lastProfileName: string | undefined;
  /** setMode while connected: kept for reconnects of the same session. */
  private modeOverride: SchedulerMode | undefined;
  /** setKillSwitch: undefined follows each profile's KillSwitch key. */
  private killSwitchOverride: boolean | undefined;
  /** setProbeRate: undefined follows each profile's ProbeRateHz key. */
  private probeRateOverrideHz: number | undefined;
  private readonly listeners: ((fact: TunnelFact) => void)[] = [];
  /** Serializes connect/disconnect/kill-switch changes: two tunnels must never be half open at once. */
  private queue: Promise<unknown> = Promise.resolve();

  constructor(private readonly o: HostTunnelControllerOptions) {}

  private serial<T>(job: () => Promise<T>): Promise<T> {
    const next = this.queue.then(job, job);
    this.queue = next.catch(() => undefined);
    return next;
  }

  connect(profileName: string): Promise<void> {
    return this.serial(async () => {
      const profile = this.o.store.load(profileName);
      await this.closeTunnel();
      if (this.profileName !== profileName) this.modeOverride = undefined;
      this.profileName = profileName;
      this.lastProfileName = profileName;
      const settings = profile.braid;
      const open = this.o.openTunnel ?? ((spec: ClientTunnelSpec) => ClientTunnel.open(spec));
      const probeRateHz = this.probeRateOverrideHz ?? settings.probeRateHz;
      this.tunnel = await open({
        profile: { ...profile, braid: { ...settings, probeRateHz } },
        interfaceName: this.o.interfaceName,
        mode: this.modeOverride ?? settings.mode,
        exclude: settings.excludeInterfaces,
        killSwitch: { enabled: this.killSwitchOverride ?? settings.killSwitch, allowLan: false },
        random: this.o.random,
        log: this.o.log,
        onEngineEvent: (event) => this.onEngineEvent(event),
      });
    });
  }

  disconnect(): Promise<void> {
    return this.serial(async () => {
      this.profileName = undefined;
      this.modeOverride = undefined;
      await this.closeTunnel();
    });
  }

  async setMode(mode: SchedulerMode): Promise<void> {
    this.modeOverride = mode;
    this.tunnel?.setMode(mode);
  }

  async setPathPriority(interfaceName: string, priority: PathPriority): Promise<void> {
    if (!this.requireTunnel().setPriority(interfaceName, priority))
      throw new ControllerError(
        `no uplink "${interfaceName}" is in use; the state's paths list the ones that are`,
      );
  }

  async setDataCap(interfaceName: string, capMegabytes: number | undefined): Promise<void> {
    const capBytes = capMegabytes === undefined ? undefined : capMegabytes * 1_000_000;
    if (!this.requireTunnel().setDataCap(interfaceName, capBytes))
      throw new ControllerError(
        `no uplink "${interfaceName}" is in use; the state's paths list the ones that are`,
      );
  }

  /** Takes effect at once: a running tunnel is reopened with it (the start table blocks meanwhile). */
  setKillSwitch(enabled: boolean): Promise<void> {
    this.killSwitchOverride = enabled;
    const name = this.profileName;
    return name === undefined || this.tunnel === undefined ? Promise.resolve() : this.connect(name);
  }

  async setProbeRate(probeRateHz: number): Promise<void> {
    this.probeRateOverrideHz = probeRateHz;
    this.tunnel?.setProbeRate(probeRateHz);
  }

  settings(): TunnelSettings {
    const profile = this.lastProfile();
    return {
      killSwitch: this.killSwitchOverride ?? profile?.braid.killSwitch ?? false,
      probeRateHz: this.probeRateOverrideHz ?? profile?.braid.probeRateHz ?? DEFAULT_PROBE_RATE_HZ,
      profile: this.lastProfileName,
    };
  }

  /** The last connected profile as stored now; undefined when there is none or it was removed or broken. */
  private lastProfile(): BraidProfile | undefined {
    if (this.lastProfileName === undefined) return undefined;
    try {
      return this.o.store.load(this.lastProfileName);
    } catch {
      return undefined;
    }
  }

  async listProfiles(): Promise<readonly ProfileSummary[]> {
    return this.o.store.list();
  }

  async importProfile(name: string, text: string): Promise<ProfileSummary> {
    return this.o.store.import(name, text);
  }

  async removeProfile(name: string): Promise<void> {
    if (name === this.profileName) throw new ControllerError(`"${name}" is connected; disconnect first`);
    this.o.store.remove(name);
  }

  snapshot(): readonly PeerSnapshot[] {
    return this.tunnel?.snapshot() ?? [];
  }

  onFact(listener: (fact: TunnelFact) => void): void {
    this.listeners.push(listener);
  }

  /** Stops whatever runs (the service is shutting down). */
  close(): Promise<void> {
    return this.disconnect();
  }

  private requireTunnel(): TunnelHandle {
    if (!this.tunnel) throw new ControllerError("not connected; connect to a profile first");
    return this.tunnel;
  }

  private async closeTunnel(): Promise<void> {
    const tunnel = this.tunnel;
    this.tunnel = undefined;
    await tunnel?.close();
  }

  private emit(fact: TunnelFact): void {
    for (const listener of this.listeners) listener(fact);
  }

  private onEngineEvent(event: EngineEvent): void {
    if (event.kind !== "path") return;
    const path = event.path;
    if (path.kind === "failover") {
      const toName = this.pathName(path.toPathId);
      this.emit({
        kind: "failover",
        fromInterface: event.pathName,
        ...(toName !== undefined && { toInterface: toName }),
        detail: path.detail,
      });
      // A removed uplink moves traffic without any path going down: the counts change all the same.
      this.emitCounts(event.pathName, path.detail);
      return;
    }
    if (path.kind === "all-paths-down") {
      this.emit({ kind: "lost", detail: path.detail });
      return;
    }
    this.emitCounts(event.pathName, path.detail);
  }

  /** Up and down paths now: "up" with the counts, or "lost" when none is usable. */
  private emitCounts(pathName: string, detail: string): void {
    const paths = this.tunnel?.snapshot()[0]?.paths ?? [];
    const pathsUp = paths.filter((p) => p.state === "up" || p.state === "degraded").length;
    if (pathsUp === 0) this.emit({ kind: "lost", detail: `${pathName}: ${detail}` });
    else this.emit({ kind: "up", pathsUp, pathsDown: paths.length - pathsUp });
  }

  private pathName(pathId: number | undefined): string | undefined {
    if (pathId === undefined) return undefined;
    return this.tunnel?.snapshot()[0]?.paths.find((p) => p.pathId === pathId)?.name;
  }
}
