// What the control service needs from the tunnel host: commands out, engine facts in. The real host implements it later.
import type { PathPriority, SchedulerMode } from "../engine/path-types";
import type { PeerSnapshot } from "../engine/session/engine-api";
import type { ProfileSummary, TunnelSettings } from "./control-schema";

export type TunnelFact =
  | { readonly kind: "up"; readonly pathsUp: number; readonly pathsDown: number }
  | { readonly kind: "lost"; readonly detail: string }
  | { readonly kind: "failed"; readonly message: string; readonly nextStep: string }
  | {
      readonly kind: "failover";
      readonly fromInterface?: string;
      readonly toInterface?: string;
      readonly detail: string;
    };

export interface TunnelController {
  /** Resolves once the tunnel is set up (not yet carrying data); rejects with a message saying what to do. */
  connect(profileName: string): Promise<void>;
  disconnect(): Promise<void>;
  setMode(mode: SchedulerMode): Promise<void>;
  setPathPriority(interfaceName: string, priority: PathPriority): Promise<void>;
  setDataCap(interfaceName: string, capMegabytes: number | undefined): Promise<void>;
  setKillSwitch(enabled: boolean): Promise<void>;
  /** Applied to a running tunnel at once and kept for later connects. */
  setProbeRate(probeRateHz: number): Promise<void>;
  settings(): TunnelSettings;
  listProfiles(): Promise<readonly ProfileSummary[]>;
  importProfile(name: string, text: string): Promise<ProfileSummary>;
  removeProfile(name: string): Promise<void>;
  snapshot(): readonly PeerSnapshot[];
  /** An uplink's bytes this calendar month (across tunnels and restarts), where the host keeps them. */
  monthlyBytesUsed?(path: {
    readonly name: string;
    readonly txBytes: number;
    readonly rxBytes: number;
  }): number;
  /** The host reports what happened to the tunnel; the service turns it into states and events. */
  onFact(listener: (fact: TunnelFact) => void): void;
}
