// Moves real packets between the two TUN ends of one emulated link (client side, router side) through a
// LinkDirection each way; runs in the root namespace, holding the fds while the interfaces live in the lab's namespaces.
import type { TunDevice } from "../../helper/platform/tun-device";
import { LinkDirection, type LinkShape } from "./link-direction";
import type { LinkEventAction, LinkSpec } from "./scenario";

export function shapeOf(link: LinkSpec): LinkShape {
  return {
    rateBitsPerSec: link.rateMbit * 1e6,
    delayMs: link.delayMs,
    jitterMs: link.jitterMs,
    lossRatio: link.lossPct / 100,
    queueMs: link.queueMs,
  };
}

export interface EmulatorReport {
  readonly name: string;
  readonly up: {
    readonly bytes: number;
    readonly packets: number;
    readonly dropped: number;
    readonly offered: number;
    readonly meanOneWayMs: number;
  };
  readonly down: EmulatorReport["up"];
  /** This process's CPU time over wall time since start, percent of one core. */
  readonly cpuPct: number;
}

export class LinkEmulator {
  /** client → router */
  readonly upstream: LinkDirection<Uint8Array>;
  /** router → client */
  readonly downstream: LinkDirection<Uint8Array>;
  private timer: NodeJS.Timeout | undefined;
  private readonly startedMs = performance.now();
  private readonly startedCpu = process.cpuUsage();

  constructor(
    private readonly link: LinkSpec,
    private readonly clientEnd: TunDevice,
    private readonly routerEnd: TunDevice,
  ) {
    this.upstream = new LinkDirection(shapeOf(link), Math.random);
    this.downstream = new LinkDirection(shapeOf(link), Math.random);
  }

  start(): void {
    // Packet bytes are only valid during the sink call: copy, since they wait in the link.
    this.clientEnd.start({
      packet: (p) => void this.upstream.offer(Uint8Array.from(p), p.length, performance.now()),
      batchEnd: () => this.pump(),
    });
    this.routerEnd.start({
      packet: (p) => void this.downstream.offer(Uint8Array.from(p), p.length, performance.now()),
      batchEnd: () => this.pump(),
    });
  }

  apply(action: LinkEventAction): void {
    if (action.kind === "set") {
      const changes: Partial<LinkShape> = {
        ...(action.rateMbit !== undefined && { rateBitsPerSec: action.rateMbit * 1e6 }),
        ...(action.delayMs !== undefined && { delayMs: action.delayMs }),
        ...(action.jitterMs !== undefined && { jitterMs: action.jitterMs }),
        ...(action.lossPct !== undefined && { lossRatio: action.lossPct / 100 }),
      };
      this.upstream.reshape(changes);
      this.downstream.reshape(changes);
      return;
    }
    this.upstream.setUp(action.kind === "up");
    this.downstream.setUp(action.kind === "up");
  }

  /** Writes what is due, then sleeps until the next packet is (timers are ms-granular: delay error < 1 ms). */
  private pump(): void {
    const nowMs = performance.now();
    this.upstream.release(nowMs, (p) => void this.routerEnd.write(p));
    this.downstream.release(nowMs, (p) => void this.clientEnd.write(p));
    const next = Math.min(this.upstream.nextDueMs() ?? Infinity, this.downstream.nextDueMs() ?? Infinity);
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer =
      next === Infinity ? undefined : setTimeout(() => this.pump(), Math.max(0, next - performance.now()));
  }

  report(): EmulatorReport {
    const cpu = process.cpuUsage(this.startedCpu);
    const wallMs = performance.now() - this.startedMs;
    const side = (d: LinkDirection<Uint8Array>) => ({
      bytes: d.counters.deliveredBytes,
      packets: d.counters.deliveredPackets,
      offered: d.counters.offeredPackets,
      dropped: d.counters.dropped.down + d.counters.dropped.queue + d.counters.dropped.loss,
      meanOneWayMs: d.counters.deliveredPackets ? d.counters.sojournMsSum / d.counters.deliveredPackets : 0,
    });
    return {
      name: this.link.name,
      up: side(this.upstream),
      down: side(this.downstream),
      cpuPct: wallMs > 0 ? ((cpu.user + cpu.system) / 1000 / wallMs) * 100 : 0,
    };
  }

  close(): void {
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.clientEnd.close();
    this.routerEnd.close();
  }
}
