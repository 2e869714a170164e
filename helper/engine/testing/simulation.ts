// Entry point of the simulator: one seeded run with its event loop, clocks, random streams and networks.

import type { EventHandle } from "./event-loop";
import { EventLoop } from "./event-loop";
import { SeededRandom } from "./seeded-random";
import { SimClock } from "./sim-clock";
import { SimNetwork, type SimNetworkOptions } from "./sim-network";
import type { Scenario } from "./sim-scenario";

export interface SimulationOptions {
  /** Wall-clock time (unix ms) at simulated time 0. */
  readonly unixEpochAtStartMs?: number;
}

/**
 * Everything that varies between runs comes from the seed: the same seed and the same calls give the same
 * result, event for event. See sim-network.ts for how engines and traffic are wired onto it.
 */
export class Simulation {
  readonly loop = new EventLoop();
  readonly clock: SimClock;

  constructor(
    readonly seed: number,
    options: SimulationOptions = {},
  ) {
    this.clock = new SimClock(this.loop, options.unixEpochAtStartMs);
  }

  /** An independent random stream for one named component ("client", "server", "link:fiber:up"...). */
  random(label: string): SeededRandom {
    return new SeededRandom(this.seed, label);
  }

  network(scenario: Scenario, options: SimNetworkOptions = {}): SimNetwork {
    return new SimNetwork(this.loop, (label) => this.random(label), scenario, options);
  }

  nowMs(): number {
    return this.loop.nowMs();
  }

  /** Runs callback delayMs of simulated time from now; the engines' timer port. */
  after(delayMs: number, callback: () => void): EventHandle {
    return this.loop.after(delayMs, callback);
  }

  schedule(atMs: number, callback: () => void): EventHandle {
    return this.loop.schedule(atMs, callback);
  }

  cancel(handle: EventHandle): boolean {
    return this.loop.cancel(handle);
  }

  runUntil(atMs: number): void {
    this.loop.runUntil(atMs);
  }

  runFor(durationMs: number): void {
    this.loop.runUntil(this.loop.nowMs() + durationMs);
  }
}
