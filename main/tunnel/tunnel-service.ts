// What main needs from whatever runs the tunnel: the helper's control API in the app, a simulation in the dev bridge.
import type { TunnelState } from "../../helper/control/tunnel-state";
import type { SchedulerMode } from "../../helper/engine/path-types";
import type { AppMode, PathEvent, PathsHistory, PathsSample } from "../ipc/dashboard-types";
import type { ProfileImportResult, ProfileList } from "../ipc/settings-types";

/** The helper's own settings (the app's theme and login item live in main). */
export interface TunnelSettings {
  readonly killSwitch: boolean;
  readonly probeRateHz: number;
}

export interface TunnelService {
  getState(): TunnelState;
  connect(): Promise<TunnelState>;
  disconnect(): Promise<TunnelState>;
  getMode(): SchedulerMode;
  setMode(mode: AppMode): Promise<SchedulerMode>;
  /** The last five minutes of samples and events, oldest first. */
  getHistory(): PathsHistory;
  /** Each returns a function that stops listening. */
  onStateChanged(listener: (state: TunnelState) => void): () => void;
  onPathsSample(listener: (sample: PathsSample) => void): () => void;
  onPathEvent(listener: (event: PathEvent) => void): () => void;
  getProfileList(): Promise<ProfileList>;
  /** A profile the helper refuses is a result with its problem, not a throw. */
  importProfile(name: string, text: string): Promise<ProfileImportResult>;
  removeProfile(name: string): Promise<void>;
  /** Quick-connect uses this profile from now on; a running tunnel moves over to it. */
  setQuickConnect(name: string): Promise<void>;
  /** Throws, saying why, while the helper is not reachable. */
  getTunnelSettings(): Promise<TunnelSettings>;
  /** Takes effect at once: a running tunnel is reopened with it. */
  setKillSwitch(enabled: boolean): Promise<TunnelSettings>;
  setProbeRate(hz: number): Promise<TunnelSettings>;
}

/** The Profiles and Settings screens' part of a TunnelService, built in a file of its own by each implementation. */
export type ProfileCalls = Pick<
  TunnelService,
  | "getProfileList"
  | "importProfile"
  | "removeProfile"
  | "setQuickConnect"
  | "getTunnelSettings"
  | "setKillSwitch"
  | "setProbeRate"
>;

/** A set of listeners for one kind of message; the notify half of every TunnelService. */
export class Emitter<T> {
  private readonly listeners = new Set<(value: T) => void>();

  emit(value: T): void {
    for (const listener of this.listeners) listener(value);
  }

  subscribe(listener: (value: T) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}

/** Keeps the current state and tells listeners when it changes; the shared half of every TunnelService. */
export class TunnelStateHolder {
  private current: TunnelState;
  private readonly listeners = new Set<(state: TunnelState) => void>();

  constructor(initial: TunnelState) {
    this.current = initial;
  }

  get state(): TunnelState {
    return this.current;
  }

  set(next: TunnelState): TunnelState {
    this.current = next;
    for (const listener of this.listeners) listener(next);
    return next;
  }

  subscribe(listener: (state: TunnelState) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}
