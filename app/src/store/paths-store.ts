// Zustand store for the live dashboard: latest path figures, five minutes of chart points, path events and the mode.
import { create } from "zustand";
import type { SchedulerMode } from "../../../helper/engine/path-types";
import {
  type AppMode,
  maxHistoryEvents,
  type PathEvent,
  type PathSnapshot,
  type PathsSample,
} from "../../../main/ipc/dashboard-types";
import type { BraidApi } from "../../../main/ipc/ipc-schema";
import { appendSamples, type ChartSeries, emptySeries } from "./chart-series";
import { createFrameBatcher } from "./frame-batcher";

interface PathsStore {
  readonly paths: readonly PathSnapshot[];
  readonly latestAtMs: number | undefined;
  readonly series: ChartSeries;
  /** Oldest first, at most maxHistoryEvents. */
  readonly events: readonly PathEvent[];
  readonly mode: SchedulerMode | undefined;
  readonly modeBusy: boolean;
  readonly modeError: string | undefined;
  start(api: BraidApi): () => void;
  setMode(api: BraidApi, mode: AppMode): Promise<void>;
}

type Incoming = { readonly sample: PathsSample } | { readonly event: PathEvent };

function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

export const usePathsStore = create<PathsStore>((set, get) => {
  /** One store update per animation frame, however many messages came in since the last one. */
  function applyBatch(items: readonly Incoming[]): void {
    const samples: PathsSample[] = [];
    const events: PathEvent[] = [];
    for (const item of items) {
      if ("sample" in item) samples.push(item.sample);
      else events.push(item.event);
    }
    const state = get();
    const latest = samples.at(-1);
    set({
      ...(latest ? { paths: latest.paths, latestAtMs: latest.atMs } : {}),
      series: appendSamples(state.series, samples),
      ...(events.length > 0 ? { events: state.events.concat(events).slice(-maxHistoryEvents) } : {}),
    });
  }

  let modeRequest = 0;

  return {
    paths: [],
    latestAtMs: undefined,
    series: emptySeries,
    events: [],
    mode: undefined,
    modeBusy: false,
    modeError: undefined,
    start(api) {
      // Listen first and hold what arrives until the history is in, so nothing falls between the two.
      let historyLoadedUpToMs: number | undefined;
      const early: Incoming[] = [];
      const batcher = createFrameBatcher<Incoming>(applyBatch);
      const receive = (item: Incoming) => {
        if (historyLoadedUpToMs === undefined) early.push(item);
        else batcher.push(item);
      };
      const stops = [
        api.paths.onSample((sample) => receive({ sample })),
        api.paths.onEvent((event) => receive({ event })),
      ];
      let stopped = false;
      api.paths.getHistory().then(
        (history) => {
          if (stopped) return;
          const lastMs = Math.max(history.samples.at(-1)?.atMs ?? 0, history.events.at(-1)?.atMs ?? 0);
          historyLoadedUpToMs = lastMs;
          const newer = early.filter(
            (item) => ("sample" in item ? item.sample.atMs : item.event.atMs) > lastMs,
          );
          // The history is the whole truth up to lastMs: a second start (a remount) must not double it.
          set({ series: emptySeries, events: [] });
          applyBatch([
            ...history.samples.map((sample) => ({ sample })),
            ...history.events.map((event) => ({ event })),
            ...newer,
          ]);
        },
        (error: unknown) => {
          if (stopped) return;
          historyLoadedUpToMs = 0;
          for (const item of early) batcher.push(item);
          set({ modeError: `could not load the last five minutes: ${message(error)}` });
        },
      );
      api.tunnel.getMode().then(
        ({ mode }) => !stopped && set({ mode }),
        (error: unknown) => !stopped && set({ modeError: message(error) }),
      );
      return () => {
        stopped = true;
        batcher.cancel();
        for (const stop of stops) stop();
      };
    },
    async setMode(api, mode) {
      const previous = get().mode;
      if (previous === mode) return;
      // Shown at once (a radio that lags its click reads as broken); put back if main refuses. Arrow keys can
      // fire several changes before the first answer: only the latest request's answer counts.
      modeRequest += 1;
      const request = modeRequest;
      set({ mode, modeBusy: true, modeError: undefined });
      try {
        const result = await api.tunnel.setMode({ mode });
        if (request === modeRequest) set({ mode: result.mode });
      } catch (error) {
        if (request === modeRequest)
          set({ mode: previous, modeError: `could not switch to ${mode}: ${message(error)}` });
      } finally {
        if (request === modeRequest) set({ modeBusy: false });
      }
    },
  };
});
