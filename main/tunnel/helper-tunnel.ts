// The app's TunnelService over the helper's control socket: calls, the subscribe stream as samples and events, and
// reconnection with backoff when the helper restarts (the state says "helper unavailable" meanwhile).
import { ControlCallError, ControlClient } from "../../helper/control/control-client";
import type {
  ControlEvent,
  MethodName,
  ParamsOf,
  ProfileSummary,
  ResultOf,
} from "../../helper/control/control-schema";
import { isTunnelActive, type TunnelState } from "../../helper/control/tunnel-state";
import type { SchedulerMode } from "../../helper/engine/path-types";
import {
  historyWindowMs,
  maxHistoryEvents,
  maxHistorySamples,
  type PathEvent,
  type PathsSample,
} from "../ipc/dashboard-types";
import { HelperEventMapper } from "./helper-event-mapper";
import { helperProfileCalls } from "./helper-profile-calls";
import { HistoryRing } from "./history-ring";
import type { LastProfileStore } from "./last-profile-store";
import { Emitter, type TunnelService, TunnelStateHolder } from "./tunnel-service";

export interface HelperTunnelOptions {
  readonly socketPath: string;
  readonly lastProfile: LastProfileStore;
  readonly nowMs?: () => number;
  /** Waits between reconnect attempts; the last one repeats. */
  readonly retryDelaysMs?: readonly number[];
  /** How often a quiet connection is checked: a helper killed between calls is only noticed by the next one. */
  readonly heartbeatMs?: number;
  /** A quick call the helper leaves unanswered this long counts as the helper gone. */
  readonly callTimeoutMs?: number;
  /**
   * The same for the heartbeat, shorter: a closed socket is seen at once (onClose), but a helper that hangs with
   * its socket open shows only as a heartbeat left unanswered.
   */
  readonly heartbeatTimeoutMs?: number;
  /** The same for connect and disconnect, which set up or tear down a tunnel (routes, handshakes). */
  readonly tunnelCallTimeoutMs?: number;
}

/** What the tray and the profile switcher need beyond the renderer's TunnelService. */
export interface HelperTunnel extends TunnelService {
  listProfiles(): Promise<readonly ProfileSummary[]>;
  /** The profile quick-connect uses: the last one connected or picked. */
  lastProfile(): string | undefined;
  /** Quick-connect uses this profile from now on; a running tunnel moves over to it. */
  useProfile(profileName: string): Promise<TunnelState>;
  /** Stops retrying and closes the socket (app quit, end of a test). */
  close(): void;
}

/** Every "helper unavailable" state starts with this, so the tray and tests can tell it from a tunnel error. */
export const helperUnavailablePrefix = "Braid's helper is not reachable";

export function isHelperUnavailable(state: TunnelState): boolean {
  return state.state === "error" && state.message.startsWith(helperUnavailablePrefix);
}

function unavailableState(detail: string): TunnelState {
  return {
    state: "error",
    message: `${helperUnavailablePrefix}: ${detail}`,
    nextStep: "Braid keeps retrying and reconnects as soon as the helper answers.",
  };
}

const noProfileState: TunnelState = {
  state: "error",
  message: "No profile is imported yet, so there is nothing to connect to.",
  nextStep: "Import one (braid import NAME FILE, or a braid:// URI), then connect again.",
};

class TimeoutError extends Error {}

export function createHelperTunnel(options: HelperTunnelOptions): HelperTunnel {
  const nowMs = options.nowMs ?? Date.now;
  const retryDelaysMs = options.retryDelaysMs ?? [250, 500, 1_000, 2_000, 5_000];
  const heartbeatMs = options.heartbeatMs ?? 1_000;
  const callTimeoutMs = options.callTimeoutMs ?? 3_000;
  const tunnelCallTimeoutMs = options.tunnelCallTimeoutMs ?? 60_000;
  const heartbeatTimeoutMs = options.heartbeatTimeoutMs ?? 1_500;
  const holder = new TunnelStateHolder(unavailableState("not connected yet"));
  const samples = new Emitter<PathsSample>();
  const events = new Emitter<PathEvent>();
  const sampleRing = new HistoryRing<PathsSample>(maxHistorySamples, historyWindowMs);
  const eventRing = new HistoryRing<PathEvent>(maxHistoryEvents, historyWindowMs);
  const mapper = new HelperEventMapper();
  let client: ControlClient | undefined;
  /** Bumped by every connection attempt and every loss, so late callbacks of an old connection do nothing. */
  let generation = 0;
  let retryIndex = 0;
  let retryTimer: NodeJS.Timeout | undefined;
  let heartbeatTimer: NodeJS.Timeout | undefined;
  let closed = false;
  /** Newest event seen: history replayed by the same helper after a reconnect is not shown twice. */
  let lastSeenAtMs = Number.NEGATIVE_INFINITY;
  let mode: SchedulerMode = "bond";
  /** Picked while no tunnel runs: the helper forgets a mode set then, so it is sent after the next connect. */
  let pendingMode: SchedulerMode | undefined;

  function setState(next: TunnelState): TunnelState {
    if (JSON.stringify(next) !== JSON.stringify(holder.state)) holder.set(next);
    return holder.state;
  }

  function emitSample(sample: PathsSample): void {
    sampleRing.push(sample);
    samples.emit(sample);
  }

  function ingest(event: ControlEvent, applyState: boolean): void {
    lastSeenAtMs = Math.max(lastSeenAtMs, event.atMs);
    const mapped = mapper.map(event);
    if (mapped.state && applyState) setState(mapped.state);
    if (mapped.sample) emitSample(mapped.sample);
    for (const pathEvent of mapped.events) {
      eventRing.push(pathEvent);
      events.emit(pathEvent);
    }
  }

  function withTimeout<T>(promise: Promise<T>, what: MethodName, overrideMs?: number): Promise<T> {
    const timeoutMs =
      overrideMs ??
      (what === "connect" || what === "disconnect" || what === "setKillSwitch"
        ? tunnelCallTimeoutMs
        : callTimeoutMs);
    return new Promise<T>((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new TimeoutError(`the helper did not answer "${what}" within ${timeoutMs} ms`)),
        timeoutMs,
      );
      promise.then(
        (value) => {
          clearTimeout(timer);
          resolve(value);
        },
        (error: unknown) => {
          clearTimeout(timer);
          reject(error);
        },
      );
    });
  }

  /** A call on the current connection; a closed or silent socket means the helper is gone, and retrying starts. */
  async function call<M extends MethodName>(
    method: M,
    params?: ParamsOf<M>,
    timeoutMs?: number,
  ): Promise<ResultOf<M>> {
    const current = client;
    const gen = generation;
    if (!current)
      throw new Error(holder.state.state === "error" ? holder.state.message : helperUnavailablePrefix);
    try {
      return await withTimeout(current.call(method, params), method, timeoutMs);
    } catch (error) {
      if (!(error instanceof ControlCallError)) lose(gen, (error as Error).message);
      throw error;
    }
  }

  function lose(gen: number, detail: string): void {
    if (gen !== generation || closed) return;
    generation += 1;
    clearTimeout(heartbeatTimer);
    client?.close();
    client = undefined;
    const cleared = mapper.lost(nowMs());
    if (cleared) emitSample(cleared);
    setState(unavailableState(detail));
    scheduleRetry();
  }

  function scheduleRetry(): void {
    if (closed) return;
    const delayMs = retryDelaysMs[Math.min(retryIndex, retryDelaysMs.length - 1)] ?? 1_000;
    retryIndex += 1;
    clearTimeout(retryTimer);
    retryTimer = setTimeout(() => void open(), delayMs);
  }

  function heartbeat(gen: number): void {
    heartbeatTimer = setTimeout(() => {
      if (gen !== generation) return;
      call("state", undefined, heartbeatTimeoutMs).then(
        () => heartbeat(gen),
        (error: unknown) => {
          // The helper answered with an error (rate limit): it is alive, so keep watching.
          if (error instanceof ControlCallError) heartbeat(gen);
        },
      );
    }, heartbeatMs);
  }

  async function open(): Promise<void> {
    if (closed) return;
    generation += 1;
    const gen = generation;
    let opened: ControlClient;
    try {
      opened = await ControlClient.open(options.socketPath);
    } catch (error) {
      if (gen === generation && !closed) {
        setState(unavailableState((error as Error).message));
        scheduleRetry();
      }
      return;
    }
    if (gen !== generation || closed) {
      opened.close();
      return;
    }
    // Events that arrive while the subscribe answer is handled wait, so history and live stay in order.
    let backlog: ControlEvent[] | undefined = [];
    opened.onEvent((event) => {
      if (gen !== generation) return;
      if (backlog) backlog.push(event);
      else ingest(event, true);
    });
    // A helper that stops or restarts closes the socket: seen at once, not at the next heartbeat.
    opened.onClose(() => lose(gen, "the helper closed the connection"));
    client = opened;
    let subscribed: ResultOf<"subscribe">;
    try {
      subscribed = await call("subscribe");
    } catch {
      return; // call() has started the retries
    }
    if (gen !== generation) return;
    retryIndex = 0;
    const seenBefore = lastSeenAtMs;
    for (const event of subscribed.history) if (event.atMs > seenBefore) ingest(event, false);
    setState(subscribed.state);
    const waiting = backlog;
    backlog = undefined;
    for (const event of waiting) ingest(event, true);
    heartbeat(gen);
    void learnMode(subscribed.state);
  }

  /** The helper has no getMode: a running tunnel's mode is its profile's (until someone sets another). */
  async function learnMode(state: TunnelState): Promise<void> {
    if (state.state === "disconnected" || state.state === "error") return;
    const profiles = await call("listProfiles").catch(() => []);
    const profile = profiles.find((p) => p.name === state.profileName);
    if (profile) mode = profile.mode;
  }

  async function connectWith(profileName: string | undefined): Promise<TunnelState> {
    if (!client) return holder.state;
    try {
      const profiles = await call("listProfiles");
      const wanted = profileName ?? options.lastProfile.load();
      const profile = profiles.find((p) => p.name === wanted) ?? profiles[0];
      if (!profile) return setState(noProfileState);
      options.lastProfile.save(profile.name);
      mode = profile.mode;
      // The answer can be older than the events that followed it on the socket; the events set the state.
      await call("connect", { profile: profile.name });
      if (pendingMode !== undefined) {
        const chosen = pendingMode;
        pendingMode = undefined;
        mode = (await call("setMode", { mode: chosen })).mode;
      }
      return holder.state;
    } catch (error) {
      if (!(error instanceof ControlCallError)) return holder.state;
      return setState({
        state: "error",
        message: error.message,
        nextStep: "Check the profile (braid import to replace it) and connect again.",
      });
    }
  }

  async function switchProfile(profileName: string): Promise<TunnelState> {
    options.lastProfile.save(profileName);
    const s = holder.state;
    if (s.state === "disconnected" || s.state === "error" || s.profileName === profileName) return s;
    // The helper's state machine goes connecting only from disconnected or error: close this tunnel first.
    await call("disconnect").catch(() => undefined);
    return connectWith(profileName);
  }

  void open();

  return {
    getState: () => holder.state,
    async connect() {
      if (isTunnelActive(holder.state)) return holder.state;
      return connectWith(undefined);
    },
    async disconnect() {
      if (!client) return holder.state;
      try {
        await call("disconnect");
      } catch (error) {
        if (error instanceof ControlCallError)
          return setState({ state: "error", message: error.message, nextStep: "Try disconnecting again." });
      }
      return holder.state;
    },
    getMode: () => mode,
    async setMode(next) {
      if (!client || !isTunnelActive(holder.state)) {
        pendingMode = next;
        mode = next;
        return mode;
      }
      mode = (await call("setMode", { mode: next })).mode;
      return mode;
    },
    getHistory: () => ({ samples: sampleRing.toArray(), events: eventRing.toArray() }),
    onStateChanged: (listener) => holder.subscribe(listener),
    onPathsSample: (listener) => samples.subscribe(listener),
    onPathEvent: (listener) => events.subscribe(listener),
    listProfiles: () => (client ? call("listProfiles") : Promise.resolve([])),
    ...helperProfileCalls({
      call,
      connected: () => client !== undefined,
      lastProfile: options.lastProfile,
      switchProfile,
    }),
    lastProfile: () => options.lastProfile.load(),
    useProfile: switchProfile,
    close() {
      closed = true;
      generation += 1;
      clearTimeout(retryTimer);
      clearTimeout(heartbeatTimer);
      client?.close();
      client = undefined;
    },
  };
}
