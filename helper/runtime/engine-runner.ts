// Drives a BraidEngine with real I/O: the monotonic clock, one re-armed timer, a TUN device and UDP sockets.
import type dgram from "node:dgram";
import { performance } from "node:perf_hooks";
import type { Clock, SocketId, WallClock } from "../engine/ports";
import { BraidEngine, type BraidEngineOptions } from "../engine/session/braid-engine";
import type { EngineEvent } from "../engine/session/engine-api";
import type { TunDevice } from "../platform/tun-device";

export const monotonicClock: Clock = { nowMs: () => performance.now() };
export const systemWallClock: WallClock = { unixNowMs: () => Date.now() };

export interface EngineRunnerOptions {
  readonly engine: Omit<BraidEngineOptions, "output" | "clock" | "wallClock">;
  readonly tun: TunDevice;
  /** Bound UDP sockets by the SocketId the engine names them with; more come and go with addSocket/removeSocket. */
  readonly sockets: ReadonlyMap<SocketId, dgram.Socket>;
  readonly onEvent: (event: EngineEvent) => void;
  /** A send the kernel refused (no route, buffer full): reported, never fatal, as a lost datagram. */
  readonly onSendError?: (error: Error) => void;
}

export class EngineRunner {
  readonly engine: BraidEngine;
  private timer: NodeJS.Timeout | undefined;
  private armedDeadlineMs = Number.POSITIVE_INFINITY;
  private closed = false;
  private started = false;
  private readonly sockets: Map<SocketId, dgram.Socket>;

  constructor(private readonly options: EngineRunnerOptions) {
    const { tun } = options;
    const sockets = new Map(options.sockets);
    this.sockets = sockets;
    this.engine = new BraidEngine({
      ...options.engine,
      clock: monotonicClock,
      wallClock: systemWallClock,
      output: {
        sendDatagram: (socketId, to, datagram) => {
          const socket = sockets.get(socketId);
          if (!socket || this.closed) return;
          // The engine may reuse its buffer after the call; dgram sends asynchronously, so send a copy.
          socket.send(Buffer.from(datagram), to.port, to.address, (error) => {
            if (error) options.onSendError?.(error);
          });
        },
        writeTun: (packet) => {
          if (!this.closed) tun.write(packet);
        },
        event: (event) => options.onEvent(event),
      },
    });
  }

  /** Starts reading the TUN and the sockets; add peers and uplinks to `engine` before or after. */
  start(): void {
    this.options.tun.start({
      packet: (packet) => this.engine.handleTunPacket(packet),
      batchEnd: () => this.rearm(),
    });
    this.started = true;
    for (const [socketId, socket] of this.sockets) this.listen(socketId, socket);
    this.engine.tick();
    this.rearm();
  }

  /** A socket for a new uplink while the tunnel runs; the engine learns its path with engine.addUplink. */
  addSocket(socketId: SocketId, socket: dgram.Socket): void {
    if (this.sockets.has(socketId)) throw new Error(`socket ${socketId} is already in use`);
    this.sockets.set(socketId, socket);
    if (this.started && !this.closed) this.listen(socketId, socket);
  }

  /** Closes one uplink's socket; remove its path first (engine.removeUplink) so nothing is scheduled onto it. */
  removeSocket(socketId: SocketId): void {
    const socket = this.sockets.get(socketId);
    if (!socket) return;
    this.sockets.delete(socketId);
    socket.close();
  }

  private listen(socketId: SocketId, socket: dgram.Socket): void {
    socket.on("message", (datagram, from) => {
      if (this.closed) return;
      this.engine.handleDatagram(socketId, { address: from.address, port: from.port }, datagram);
      this.rearm();
    });
  }

  /** Arms the one timer at the engine's next deadline, unless it is already armed for that moment. */
  private rearm(): void {
    if (this.closed) return;
    const deadlineMs = this.engine.nextDeadlineMs();
    if (deadlineMs === this.armedDeadlineMs && this.timer !== undefined) return;
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
    this.armedDeadlineMs = deadlineMs;
    if (!Number.isFinite(deadlineMs)) return;
    const delayMs = Math.max(0, deadlineMs - monotonicClock.nowMs());
    this.timer = setTimeout(() => {
      this.timer = undefined;
      if (this.closed) return;
      this.engine.tick();
      this.rearm();
    }, delayMs);
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
    for (const socket of this.sockets.values()) socket.close();
    this.options.tun.close();
  }
}
