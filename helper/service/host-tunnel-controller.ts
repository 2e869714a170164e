// The helper service's TunnelController: profiles from the store, one ClientTunnel at a time, the engine's path
// events turned into the facts the control service makes states of.

import type { BraidProfile } from "../config/braid-profile";
import type { ProfileSummary, TunnelSettings } from "../control/control-schema";
import type { TunnelController, TunnelFact } from "../control/tunnel-controller";
import type { PathPriority, SchedulerMode } from "../engine/path-types";
import type { RandomSource } from "../engine/ports";
import type { EngineEvent, PeerSnapshot } from "../engine/session/engine-api";
import { ClientTunnel, type ClientTunnelSpec } from "../runtime/client-tunnel";
import type { StateStore } from "./json-state-file";
import type { MonthlyDataUsage } from "./monthly-data-usage";
import type { ProfileStore } from "./profile-store";
import { nothingWanted, type WantedState } from "./wanted-state";

export interface HostTunnelControllerOptions {
  readonly store: ProfileStore;
  readonly interfaceName: string;
  readonly random: RandomSource;
  readonly log: (line: string) => void;
  /** Where what the user wants is kept across helper restarts; absent: not kept. */
  readonly wanted?: StateStore<WantedState>;
  /** Bytes per uplink this month, for data caps; absent: each tunnel counts from zero. */
  readonly usage?: MonthlyDataUsage;
  /** Test seam: how a tunnel is opened (the real ClientTunnel by default). */
  readonly openTunnel?: (spec: ClientTunnelSpec) => Promise<TunnelHandle>;
}

/** What the controller uses of a running tunnel (ClientTunnel fits). */
export interface TunnelHandle {
  setMode(mode: SchedulerMode): void;
  setPriority(dev: string, priority: PathPriority): boolean;
  setDataCap(dev: string, capBytes: number | undefined, usedBytes: number): boolean;
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
  /** Every uplink that carried a path in this tunnel: one that went away still counts as a path down. */
  private readonly uplinksSeen = new Set<string>();
  /** The profile connected now or last: what getSettings reports, and whose keys it falls back on. */
  private lastProfileName: string | undefined;
  /** setMode while connected: kept for reconnects of the same session. */
  private modeOverride: SchedulerMode | undefined;
  /** setKillSwitch: undefined follows each profile's KillSwitch key. */
  private killSwitchOverride: boolean | undefined;
  /** setProbeRate: undefined follows each profile's ProbeRateHz key. */
  private probeRateOverrideHz: number | undefined;
  /** setDataCap per uplink (undefined lifts the profile's cap), kept for reconnects and restarts. */
  private readonly capOverridesMb = new Map<string, number | undefined>();
  /** The caps of the running tunnel in bytes per uplink, and those the month's usage has used up. */
  private capsBytes = new Map<string, number>();
  private readonly capsUsedUp = new Set<string>();
  private readonly listeners: ((fact: TunnelFact) => void)[] = [];
  /** Serializes connect/disconnect/kill-switch changes: two tunnels must never be half open at once. */
  private queue: Promise<unknown> = Promise.resolve();

  constructor(private readonly o: HostTunnelControllerOptions) {}

  /**
   * Takes back what the last run kept (overrides, the last profile) and says which profile the user was
   * connected to, to connect again; undefined: they were disconnected (or nothing usable was kept).
   */
  restoreWanted(): string | undefined {
    const wanted = this.o.wanted?.load() ?? nothingWanted;
    this.lastProfileName = wanted.lastProfile ?? wanted.connectedProfile;
    this.modeOverride = wanted.modeOverride;
    this.killSwitchOverride = wanted.killSwitchOverride;
    this.probeRateOverrideHz = wanted.probeRateOverrideHz;
    this.capOverridesMb.clear();
    for (const [dev, capMb] of Object.entries(wanted.dataCapOverridesMb))
      this.capOverridesMb.set(dev, capMb ?? undefined);
    this.profileName = wanted.connectedProfile;
    return wanted.connectedProfile;
  }

  /** The profile the user wants connected now; undefined: disconnected. */
  get wantedProfile(): string | undefined {
    return this.profileName;
  }

  private saveWanted(): void {
    try {
      this.o.wanted?.save({
        connectedProfile: this.profileName,
        lastProfile: this.lastProfileName,
        modeOverride: this.modeOverride,
        killSwitchOverride: this.killSwitchOverride,
        probeRateOverrideHz: this.probeRateOverrideHz,
        dataCapOverridesMb: Object.fromEntries(
          [...this.capOverridesMb].map(([dev, capMb]) => [dev, capMb ?? null]),
        ),
      });
    } catch (error) {
      this.o.log(`braid helper: cannot keep what was asked for: ${(error as Error).message}`);
    }
  }

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
      this.saveWanted();
      const settings = { ...profile.braid, dataCaps: this.dataCaps(profile) };
      this.capsBytes = new Map(settings.dataCaps.map((c) => [c.interface, c.capMbPerMonth * 1_000_000]));
      const usage = this.o.usage;
      usage?.beginTunnel();
      // Those ClientUplinks blocks from the start (their month's usage is over the cap already).
      this.capsUsedUp.clear();
      for (const [dev, capBytes] of this.capsBytes)
        if ((usage?.usedBytes(dev) ?? 0) >= capBytes) this.capsUsedUp.add(dev);
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
        ...(usage !== undefined && { usedBytesFor: (dev: string) => usage.usedBytes(dev) }),
      });
    });
  }

  disconnect(): Promise<void> {
    return this.serial(async () => {
      this.profileName = undefined;
      this.modeOverride = undefined;
      this.saveWanted();
      await this.closeTunnel();
    });
  }

  async setMode(mode: SchedulerMode): Promise<void> {
    this.modeOverride = mode;
    this.saveWanted();
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
    const used = this.o.usage?.usedBytes(interfaceName) ?? 0;
    if (!this.requireTunnel().setDataCap(interfaceName, capBytes, used))
      throw new ControllerError(
        `no uplink "${interfaceName}" is in use; the state's paths list the ones that are`,
      );
    this.capOverridesMb.set(interfaceName, capMegabytes);
    this.saveWanted();
    if (capBytes === undefined) this.capsBytes.delete(interfaceName);
    else this.capsBytes.set(interfaceName, capBytes);
    if (capBytes !== undefined && used >= capBytes) this.capsUsedUp.add(interfaceName);
    else this.capsUsedUp.delete(interfaceName);
  }

  /**
   * Every 10 s (and before a tunnel closes): adds what each uplink carried to the month's usage and saves it; an
   * uplink whose usage reached its cap is taken off data (the engine counts only what it sends), and a new month
   * gives every capped uplink its full cap again.
   */
  recordUsage(): void {
    const usage = this.o.usage;
    if (usage === undefined) return;
    const tunnel = this.tunnel;
    const rolledOver = usage.observe(tunnel?.snapshot()[0]?.paths ?? []);
    if (tunnel !== undefined) {
      if (rolledOver) this.capsUsedUp.clear();
      for (const [dev, capBytes] of this.capsBytes) {
        const used = usage.usedBytes(dev);
        const usedUp = used >= capBytes;
        if (usedUp === this.capsUsedUp.has(dev) && !rolledOver) continue;
        if (usedUp) this.capsUsedUp.add(dev);
        tunnel.setDataCap(dev, capBytes, used);
      }
    }
    try {
      usage.save();
    } catch (error) {
      this.o.log(`braid helper: cannot save the data used this month: ${(error as Error).message}`);
    }
  }

  /** The profile's DataCap keys with setDataCap's changes on top. */
  private dataCaps(profile: BraidProfile): BraidProfile["braid"]["dataCaps"] {
    const caps = profile.braid.dataCaps.filter((c) => !this.capOverridesMb.has(c.interface));
    for (const [dev, capMb] of this.capOverridesMb)
      if (capMb !== undefined) caps.push({ interface: dev, capMbPerMonth: capMb });
    return caps;
  }

  /** Takes effect at once: a running tunnel is reopened with it (the start table blocks meanwhile). */
  setKillSwitch(enabled: boolean): Promise<void> {
    this.killSwitchOverride = enabled;
    this.saveWanted();
    const name = this.profileName;
    return name === undefined || this.tunnel === undefined ? Promise.resolve() : this.connect(name);
  }

  async setProbeRate(probeRateHz: number): Promise<void> {
    this.probeRateOverrideHz = probeRateHz;
    this.saveWanted();
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

  monthlyBytesUsed(path: {
    readonly name: string;
    readonly txBytes: number;
    readonly rxBytes: number;
  }): number {
    return this.o.usage?.usedBytesNow(path) ?? path.txBytes + path.rxBytes;
  }

  snapshot(): readonly PeerSnapshot[] {
    return this.tunnel?.snapshot() ?? [];
  }

  onFact(listener: (fact: TunnelFact) => void): void {
    this.listeners.push(listener);
  }

  /**
   * Stops whatever runs (the service is shutting down) without changing what the user wants: after a restart or a
   * reboot the helper connects again to the profile it was connected to.
   */
  close(): Promise<void> {
    return this.serial(() => this.closeTunnel());
  }

  private requireTunnel(): TunnelHandle {
    if (!this.tunnel) throw new ControllerError("not connected; connect to a profile first");
    return this.tunnel;
  }

  private async closeTunnel(): Promise<void> {
    this.uplinksSeen.clear();
    if (this.tunnel !== undefined) this.recordUsage();
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
    for (const p of paths) this.uplinksSeen.add(p.name);
    // An uplink whose link went away is removed from the engine, but for the user it is a link down: the
    // tunnel stays degraded (and its card Down) until it comes back or the tunnel is closed.
    const gone = [...this.uplinksSeen].filter((name) => !paths.some((p) => p.name === name)).length;
    if (pathsUp === 0) this.emit({ kind: "lost", detail: `${pathName}: ${detail}` });
    else this.emit({ kind: "up", pathsUp, pathsDown: paths.length - pathsUp + gone });
  }

  private pathName(pathId: number | undefined): string | undefined {
    if (pathId === undefined) return undefined;
    return this.tunnel?.snapshot()[0]?.paths.find((p) => p.pathId === pathId)?.name;
  }
}
