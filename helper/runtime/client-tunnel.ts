// One client tunnel on this machine, from a Braid profile: TUN, a socket per uplink (followed live), routes, DNS,
// the kill switch. What `braid up --foreground` runs, and what the helper service runs on connect.
import { lookup } from "node:dns/promises";
import { isIP } from "node:net";
import type { BraidProfile } from "../config/braid-profile";
import { type DnsSettings, describeDns, parseDnsEntries } from "../config/dns-settings";
import type { PathPriority, SchedulerMode } from "../engine/path-types";
import type { RandomSource } from "../engine/ports";
import type { EngineEvent, PeerSnapshot } from "../engine/session/engine-api";
import { applyDns } from "../platform/dns-linux";
import { UplinkWatcher } from "../platform/uplink-watcher-linux";
import { discoverUplinks, type Uplink } from "../platform/uplinks-linux";
import { ClientUplinks, uplinkPolicies } from "./client-uplinks";
import { isDefaultRoute, tunnelRoutePrefixes } from "./ip-command";
import { applyFollowingKillSwitch, type KillSwitchChoice, openWithKillSwitch } from "./kill-switch-wiring";
import { profileHostOptions } from "./profile-host-options";
import { journalPath, SystemJournal } from "./system-journal";
import { TunnelHost } from "./tunnel-host";

export interface ClientTunnelSpec {
  readonly profile: BraidProfile;
  readonly interfaceName: string;
  /** Already resolved (command line over profile); undefined: the engine's default, bond. */
  readonly mode: SchedulerMode | undefined;
  readonly exclude: readonly string[];
  readonly killSwitch: KillSwitchChoice;
  readonly random: RandomSource;
  readonly log: (line: string) => void;
  readonly onEngineEvent?: (event: EngineEvent) => void;
  /** Bytes each uplink already used this month, counted against its data cap (the helper service's store). */
  readonly usedBytesFor?: (dev: string) => number;
}

/** A profile the client role cannot use, said in words a user can act on. */
export class ClientProfileError extends Error {}

export class ClientTunnel {
  private constructor(
    readonly host: TunnelHost,
    readonly peerKey: string,
    readonly uplinks: ClientUplinks,
  ) {}

  /** Everything up and running; on failure everything done is undone and the error thrown. */
  static async open(spec: ClientTunnelSpec): Promise<ClientTunnel> {
    const { wireguard: profile, braid: settings } = spec.profile;
    const peer = profile.peers[0];
    if (profile.peers.length !== 1 || peer?.endpoint === undefined)
      throw new ClientProfileError("the profile needs exactly one [Peer] with an Endpoint (the server)");
    // Checked before anything changes, so a bad DNS line costs nothing to fix.
    let dns: DnsSettings | undefined;
    try {
      dns = profile.interface.dns.length > 0 ? parseDnsEntries(profile.interface.dns) : undefined;
    } catch (error) {
      throw new ClientProfileError((error as Error).message);
    }
    // A crashed run's resolv.conf (servers behind a tunnel that is gone) would make the server's name unresolvable:
    // its changes go first here. Not with the kill switch on: there the restore must wait until the start table
    // blocks traffic (openWithKillSwitch), and the crashed run's table blocks this lookup anyway.
    if (!spec.killSwitch.enabled && isIP(peer.endpoint.host) === 0)
      await SystemJournal.open(journalPath(spec.interfaceName), spec.log);
    const { address: endpointAddress } = await lookup(peer.endpoint.host, { family: 4 }).catch(
      (error: Error) => {
        throw new Error(
          `cannot resolve the server ${peer.endpoint?.host}: ${error.message}; check DNS or use an IP`,
        );
      },
    );
    const tunName = spec.interfaceName;
    const exclude = [...spec.exclude];
    const discover = () => discoverUplinks(endpointAddress, { tunName, exclude });
    const found = await discover();
    if (found.length === 0) {
      throw new Error(
        `no uplink reaches ${endpointAddress}${exclude.length ? ` (excluded: ${exclude.join(", ")})` : ""}; check that an interface is up with a route to the server`,
      );
    }
    spec.log(`braid: uplinks ${found.map((u: Uplink) => `${u.dev} (${u.address})`).join(", ")}`);
    // Sockets come with their uplinks, below and whenever one appears.
    const hostOptions = profileHostOptions(spec.profile, {
      role: "client",
      random: spec.random,
      interfaceName: tunName,
      sockets: [],
      ...(spec.mode !== undefined && { mode: spec.mode }),
      ...(spec.onEngineEvent !== undefined && { onEngineEvent: spec.onEngineEvent }),
      log: spec.log,
    });
    const endpoint = { address: endpointAddress, port: peer.endpoint.port };
    const opened = await openWithKillSwitch(
      spec.killSwitch,
      { tunName, endpoints: [endpoint], uplinks: found },
      () => TunnelHost.open(hostOptions),
      spec.log,
    );
    const host = opened.host;
    try {
      const peerKey = host.runner.engine.addPeer(peer);
      const live = new ClientUplinks({
        host,
        peerKey,
        endpoint,
        policyFor: uplinkPolicies(settings),
        ...(spec.usedBytesFor !== undefined && { usedBytesFor: spec.usedBytesFor }),
        log: spec.log,
      });
      for (const uplink of found) await live.add(uplink);
      for (const prefix of tunnelRoutePrefixes(peer.allowedIps)) await host.routeIntoTun(prefix);
      // After the routes, so the servers are reachable through the tunnel the moment programs are sent to them.
      if (dns !== undefined) {
        const routesAll = peer.allowedIps.some(isDefaultRoute);
        const mechanism = await applyDns(host, { tunName, settings: dns, routesAll });
        spec.log(`braid: DNS ${describeDns(dns)} (${mechanism})`);
      }
      const watcher = new UplinkWatcher({
        initial: live.uplinks,
        discover,
        apply: applyFollowingKillSwitch(opened.killSwitch, live, spec.log),
        log: spec.log,
      });
      host.onClose(() => watcher.close());
      watcher.start();
      host.runner.engine.startSession(peerKey);
      host.runner.start();
      return new ClientTunnel(host, peerKey, live);
    } catch (error) {
      await host.close();
      throw error;
    }
  }

  get tunName(): string {
    return this.host.tunName;
  }

  setMode(mode: SchedulerMode): void {
    this.host.runner.engine.setMode(mode, this.peerKey);
  }

  /** False when no uplink of that name is in use. */
  setPriority(dev: string, priority: PathPriority): boolean {
    const pathId = this.uplinks.pathIdOf(dev);
    if (pathId === undefined) return false;
    this.host.runner.engine.setPathPriority(this.peerKey, pathId, priority);
    return true;
  }

  /** usedBytes: what the uplink already used this period, counted against the cap. */
  setDataCap(dev: string, capBytes: number | undefined, usedBytes = 0): boolean {
    const pathId = this.uplinks.pathIdOf(dev);
    if (pathId === undefined) return false;
    this.host.runner.engine.setDataCap(this.peerKey, pathId, capBytes, usedBytes);
    return true;
  }

  /** Probes per second on each up path in use, from now on. */
  setProbeRate(probeRateHz: number): void {
    this.host.runner.engine.setProbeIntervalMs(1_000 / probeRateHz);
  }

  snapshot(): readonly PeerSnapshot[] {
    return this.host.runner.engine.snapshot();
  }

  /** Stops the tunnel and undoes every change (DNS, routes, rules, kill switch, TUN). */
  close(): Promise<void> {
    return this.host.close();
  }
}
