// Follows the client's uplinks while the tunnel runs: netlink events from `ip monitor` (and a periodic rescan, in
// case an event is missed or the monitor is down) trigger a debounced re-discovery, and what changed against the
// uplinks in use is handed to apply, one change set at a time.
import { type ChildProcess, spawn } from "node:child_process";
import { diffUplinks, isEmptyDiff, type UplinkDiff } from "./uplink-diff";
import type { Uplink } from "./uplinks-linux";

// iproute2 6.1 prints monitor events as text even with -j; they are only a trigger here, never parsed.
const MONITOR_ARGV = ["ip", "monitor", "link", "address", "route"] as const;
const DEFAULT_DEBOUNCE_MS = 150;
const DEFAULT_RESCAN_MS = 2000;
const RESTART_DELAY_MS = 1000;
const MAX_RESTART_DELAY_MS = 30_000;
/** A monitor that ran this long was healthy: its next restart starts from the short delay again. */
const HEALTHY_RUN_MS = 10_000;

export interface UplinkWatcherOptions {
  /** The uplinks in use when watching starts. */
  readonly initial: readonly Uplink[];
  readonly discover: () => Promise<readonly Uplink[]>;
  /**
   * Applies one change set and resolves with the uplinks actually in use afterwards: one it could not add is left
   * out and so tried again at the next rescan. Must not reject.
   */
  readonly apply: (diff: UplinkDiff) => Promise<readonly Uplink[]>;
  readonly log: (line: string) => void;
  /** A burst of netlink events (a link, its address, its routes) becomes one re-discovery this long after the first. */
  readonly debounceMs?: number;
  readonly rescanMs?: number;
  /** The event source: any line it prints triggers a re-discovery. */
  readonly monitorArgv?: readonly string[];
}

export class UplinkWatcher {
  private current: readonly Uplink[];
  private debounceTimer: NodeJS.Timeout | undefined;
  private rescanTimer: NodeJS.Timeout | undefined;
  private restartTimer: NodeJS.Timeout | undefined;
  private restartDelayMs = RESTART_DELAY_MS;
  private monitor: ChildProcess | undefined;
  private scanning: Promise<void> | undefined;
  private scanAgain = false;
  private closed = false;
  private lastDiscoveryError = "";

  constructor(private readonly options: UplinkWatcherOptions) {
    this.current = options.initial;
  }

  get uplinks(): readonly Uplink[] {
    return this.current;
  }

  start(): void {
    this.startMonitor();
    this.rescanTimer = setInterval(() => this.poke(), this.options.rescanMs ?? DEFAULT_RESCAN_MS);
  }

  /** Something may have changed: re-discover soon, once for a whole burst. */
  poke(): void {
    if (this.closed || this.debounceTimer !== undefined) return;
    this.debounceTimer = setTimeout(() => {
      this.debounceTimer = undefined;
      this.runScan();
    }, this.options.debounceMs ?? DEFAULT_DEBOUNCE_MS);
  }

  /** Stops watching and waits for a change set being applied, so nothing is added after the tunnel is torn down. */
  async close(): Promise<void> {
    this.closed = true;
    for (const timer of [this.debounceTimer, this.restartTimer]) clearTimeout(timer);
    clearInterval(this.rescanTimer);
    this.monitor?.kill("SIGTERM");
    this.monitor = undefined;
    await this.scanning;
  }

  private runScan(): void {
    if (this.closed) return;
    if (this.scanning) {
      this.scanAgain = true;
      return;
    }
    this.scanning = this.scan().finally(() => {
      this.scanning = undefined;
      if (this.scanAgain) {
        this.scanAgain = false;
        this.poke();
      }
    });
  }

  private async scan(): Promise<void> {
    let next: readonly Uplink[];
    try {
      next = await this.options.discover();
      this.lastDiscoveryError = "";
    } catch (error) {
      // Said once per distinct failure, not at every rescan.
      const message = (error as Error).message;
      if (message !== this.lastDiscoveryError)
        this.options.log(`braid: cannot list uplinks: ${message}; trying again`);
      this.lastDiscoveryError = message;
      return;
    }
    const diff = diffUplinks(this.current, next);
    if (this.closed || isEmptyDiff(diff)) return;
    try {
      this.current = await this.options.apply(diff);
    } catch (error) {
      this.options.log(`braid: cannot follow uplink change: ${(error as Error).message}`);
    }
  }

  private startMonitor(): void {
    if (this.closed) return;
    const [file, ...args] = this.options.monitorArgv ?? MONITOR_ARGV;
    const startedAtMs = Date.now();
    const child = spawn(file as string, args, { stdio: ["ignore", "pipe", "ignore"] });
    this.monitor = child;
    child.stdout?.on("data", () => this.poke());
    let gone = false;
    const onGone = (why: string) => {
      if (gone || this.closed) return;
      gone = true;
      this.monitor = undefined;
      if (Date.now() - startedAtMs >= HEALTHY_RUN_MS) this.restartDelayMs = RESTART_DELAY_MS;
      this.options.log(
        `braid: ${[file, ...args].join(" ")} ${why}; restarting it in ${this.restartDelayMs} ms (rescanning every ${this.options.rescanMs ?? DEFAULT_RESCAN_MS} ms meanwhile)`,
      );
      this.restartTimer = setTimeout(() => {
        this.restartTimer = undefined;
        this.startMonitor();
        this.poke(); // events while it was down were missed
      }, this.restartDelayMs);
      this.restartDelayMs = Math.min(this.restartDelayMs * 2, MAX_RESTART_DELAY_MS);
    };
    child.on("error", (error) => onGone(`failed: ${error.message}`));
    child.on("exit", (code, signal) => onGone(`exited (${signal ?? code})`));
  }
}
