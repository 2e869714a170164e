// One running tunnel on this machine: the TUN, its UDP sockets, the engine runner and the routes it added,
// torn down in reverse on stop.
import dgram from "node:dgram";
import type { SchedulerMode } from "../engine/path-types";
import type { SocketId } from "../engine/ports";
import { createDistributorScheduler } from "../engine/session/distributor-scheduler";
import type { EngineEvent } from "../engine/session/engine-api";
import { LinuxTun } from "../platform/tun-linux";
import { EngineRunner } from "./engine-runner";
import { configureTun, runIp } from "./ip-command";
import { journalPath, type SystemAction, type SystemChanges, SystemJournal } from "./system-journal";

export interface TunnelHostOptions {
  readonly role: "client" | "server";
  readonly privateKey: Uint8Array;
  readonly random: { fill(bytes: Uint8Array): void };
  readonly interfaceName: string;
  readonly addresses: readonly string[];
  readonly mtuBytes: number;
  readonly sockets: readonly {
    readonly socketId: SocketId;
    readonly address: string;
    readonly port: number;
  }[];
  /** The scheduler; the engine's default (bond) when undefined. */
  readonly mode?: SchedulerMode;
  /** Probe period of a path in use; the engine's default (100 ms) when undefined. */
  readonly probeIntervalMs?: number;
  /** Every engine event, after it is logged (the helper's control service turns them into states). */
  readonly onEngineEvent?: (event: EngineEvent) => void;
  readonly log: (line: string) => void;
}

function bindSocket(address: string, port: number): Promise<dgram.Socket> {
  const socket = dgram.createSocket({ type: address.includes(":") ? "udp6" : "udp4" });
  return new Promise((resolve, reject) => {
    socket.once("error", (error) =>
      reject(
        new Error(`cannot bind UDP ${address}:${port}: ${error.message}; is another tunnel using the port?`),
      ),
    );
    socket.bind(port, address, () => {
      socket.removeAllListeners("error");
      socket.on("error", () => undefined); // late errors are per-datagram; the engine treats them as loss
      resolve(socket);
    });
  });
}

function describeEvent(event: EngineEvent): string {
  return `braid: event ${JSON.stringify(event)}`;
}

export class TunnelHost implements SystemChanges {
  private readonly closeHooks: (() => Promise<void>)[] = [];

  private constructor(
    readonly runner: EngineRunner,
    private readonly tun: LinuxTun,
    /** What we changed outside our own TUN, on disk before each change; undone in reverse on stop. */
    private readonly journal: SystemJournal,
    private readonly log: (line: string) => void,
  ) {}

  static async open(options: TunnelHostOptions): Promise<TunnelHost> {
    // A crashed run on this interface left its changes in the journal: undone here, before anything new.
    const journal = await SystemJournal.open(journalPath(options.interfaceName), options.log);
    const sockets = new Map<SocketId, dgram.Socket>();
    let tun: LinuxTun | undefined;
    try {
      for (const spec of options.sockets)
        sockets.set(spec.socketId, await bindSocket(spec.address, spec.port));
      tun = await LinuxTun.openWhenFree(options.interfaceName, options.mtuBytes);
      await configureTun(tun.name, options.addresses, options.mtuBytes);
    } catch (error) {
      for (const socket of sockets.values()) socket.close();
      tun?.close();
      await journal.undoAll();
      throw error;
    }
    let mtuChange = Promise.resolve();
    const runner = new EngineRunner({
      engine: {
        role: options.role,
        privateKey: options.privateKey,
        random: options.random,
        createScheduler: createDistributorScheduler,
        ...(options.mode !== undefined && { mode: options.mode }),
        ...(options.probeIntervalMs !== undefined && { probeIntervalMs: options.probeIntervalMs }),
      },
      tun,
      sockets,
      onEvent: (event) => {
        options.log(describeEvent(event));
        options.onEngineEvent?.(event);
        // The engine's probed tunnel MTU may be below the configured one (a narrow path): follow it down, never
        // above what was configured (the TUN's read buffer and the user's choice).
        if (event.kind === "tunnel-mtu" && tun) {
          const mtuBytes = Math.min(options.mtuBytes, event.mtuBytes);
          const name = tun.name;
          // One change at a time, so a quick 1204 → 1420 pair cannot land in the wrong order.
          mtuChange = mtuChange
            .then(() => runIp(["link", "set", "dev", name, "mtu", String(mtuBytes)]))
            .then(() => options.log(`braid: ${name} MTU ${mtuBytes}`))
            .catch((error: Error) => options.log(`braid: cannot follow the tunnel MTU: ${error.message}`));
        }
      },
    });
    return new TunnelHost(runner, tun, journal, options.log);
  }

  get tunName(): string {
    return this.tun.name;
  }

  /** Routes a prefix into the TUN (removed with the TUN itself). */
  async routeIntoTun(prefix: string): Promise<void> {
    await runIp(["route", "replace", prefix, "dev", this.tunName]);
  }

  /** A UDP socket for an uplink that appeared while the tunnel runs (the client's port is the kernel's choice). */
  async addSocket(socketId: SocketId, address: string, port = 0): Promise<void> {
    const socket = await bindSocket(address, port);
    try {
      this.runner.addSocket(socketId, socket);
    } catch (error) {
      socket.close();
      throw error;
    }
  }

  removeSocket(socketId: SocketId): void {
    this.runner.removeSocket(socketId);
  }

  /** Runs before anything is torn down on close (an uplink watcher stops adding sockets and rules). */
  onClose(hook: () => Promise<void>): void {
    this.closeHooks.push(hook);
  }

  /** Runs one `ip` change outside the TUN and remembers its undo, run in reverse order on close. */
  async changeIp(args: readonly string[], undoArgs: readonly string[]): Promise<void> {
    await this.change(
      `ip ${args.join(" ")}`,
      { kind: "run", argv: ["ip", ...args] },
      { kind: "run", argv: ["ip", ...undoArgs] },
    );
  }

  /**
   * Undoes one earlier changeIp (named by the same args) now and drops it from the journal, so stop and the next
   * start's restore do not undo it again; rejects when the undo failed (the kernel may have removed it already).
   */
  revertIp(args: readonly string[]): Promise<void> {
    return this.journal.revert(`ip ${args.join(" ")}`);
  }

  /** Any journaled change outside the TUN (ip rules, sysctls, nft tables, DNS): undo recorded first. */
  change(what: string, action: SystemAction, undo: SystemAction): Promise<void> {
    return this.journal.change(what, action, undo);
  }

  /** Stops the engine, closes the TUN (the kernel removes it and its routes), then undoes external routes. */
  async close(): Promise<void> {
    for (const hook of this.closeHooks.splice(0))
      await hook().catch((error: Error) => this.log(`braid: while stopping: ${error.message}`));
    const peers = this.runner.engine
      .snapshot()
      .map((peer) => ({ ...peer.counters, paths: peer.paths.length }));
    this.runner.close();
    // What went through, for telling a slow tunnel from a lossy one after the fact.
    this.log(
      `braid: stopped; tun ${JSON.stringify(this.tun.counters)}, engine ${JSON.stringify(this.runner.engine.counters)}, peers ${JSON.stringify(peers)}`,
    );
    await this.journal.undoAll();
    // The interface is gone only once the TUN's last poll() returns: a reconnect must not find it still there.
    await this.tun.released();
  }
}
