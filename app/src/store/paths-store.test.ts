// The paths store against a fake window.braid: history first, then live samples, nothing lost or doubled.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { PathEvent, PathsHistory, PathsSample } from "../../../main/ipc/dashboard-types";
import type { BraidApi } from "../../../main/ipc/ipc-schema";
import { usePathsStore } from "./paths-store";

// No browser here: frames are run by hand (mock of requestAnimationFrame, which Node lacks).
let frames: Array<() => void> = [];
const runFrames = () => {
  const due = frames;
  frames = [];
  for (const fn of due) fn();
};

beforeEach(() => {
  frames = [];
  globalThis.requestAnimationFrame = (fn: FrameRequestCallback) => frames.push(() => fn(0));
  globalThis.cancelAnimationFrame = () => {};
});
afterEach(() => {
  usePathsStore.setState({ paths: [], latestAtMs: undefined, events: [], mode: undefined });
});

const sample = (atMs: number): PathsSample => ({
  atMs,
  paths: [
    {
      id: 0,
      interface: "eth0",
      kind: "ethernet",
      priority: "primary",
      state: "up",
      rttMs: 10,
      lossRatio: 0,
      txBitsPerSec: 1e6,
      rxBitsPerSec: 1e6,
      shareRatio: 1,
      bytesUsed: atMs,
    },
  ],
});
const pathUp = (atMs: number): PathEvent => ({
  kind: "path-up",
  atMs,
  interface: "eth0",
  detail: "eth0: up",
});

function fakeApi() {
  const sampleListeners = new Set<(s: PathsSample) => void>();
  const eventListeners = new Set<(e: PathEvent) => void>();
  let answerHistory: (h: PathsHistory) => void = () => {};
  const listen =
    <T>(set: Set<(value: T) => void>) =>
    (listener: (value: T) => void) => {
      set.add(listener);
      return () => {
        set.delete(listener);
      };
    };
  const api = {
    paths: {
      onSample: listen(sampleListeners),
      onEvent: listen(eventListeners),
      getHistory: () =>
        new Promise<PathsHistory>((resolve) => {
          answerHistory = resolve;
        }),
    },
    tunnel: {
      getMode: async () => ({ mode: "bond" as const }),
      setMode: async ({ mode }: { mode: string }) => {
        if (mode === "weighted") throw new Error("helper refused");
        return { mode };
      },
    },
  };
  return {
    api: api as unknown as BraidApi,
    send: (s: PathsSample) => {
      for (const l of sampleListeners) l(s);
    },
    sendEvent: (e: PathEvent) => {
      for (const l of eventListeners) l(e);
    },
    answerHistory: (h: PathsHistory) => answerHistory(h),
    listenerCount: () => sampleListeners.size + eventListeners.size,
  };
}

const flush = () => new Promise((resolve) => setTimeout(resolve, 0));

describe("paths store", () => {
  it("keeps what arrives before the history answers, without doubling what the history already has", async () => {
    const fake = fakeApi();
    usePathsStore.getState().start(fake.api);
    fake.send(sample(200)); // also in the history below
    fake.send(sample(300)); // newer than the history
    fake.sendEvent(pathUp(100)); // also in the history
    fake.answerHistory({ samples: [sample(100), sample(200)], events: [pathUp(100)] });
    await flush();
    const state = usePathsStore.getState();
    expect(state.latestAtMs).toBe(300);
    expect(state.paths[0]?.bytesUsed).toBe(300);
    expect(state.events).toEqual([pathUp(100)]);
    expect(state.mode).toBe("bond");
  });

  it("applies live messages once per animation frame", async () => {
    const fake = fakeApi();
    usePathsStore.getState().start(fake.api);
    fake.answerHistory({ samples: [], events: [] });
    await flush();
    let updates = 0;
    const stop = usePathsStore.subscribe(() => updates++);
    fake.send(sample(100));
    fake.send(sample(200));
    fake.sendEvent(pathUp(200));
    expect(updates).toBe(0);
    runFrames();
    stop();
    expect(updates).toBe(1);
    expect(usePathsStore.getState().latestAtMs).toBe(200);
  });

  it("a second start (React's StrictMode remount) shows the history once, and the first stops listening", async () => {
    const first = fakeApi();
    const stopFirst = usePathsStore.getState().start(first.api);
    stopFirst();
    expect(first.listenerCount()).toBe(0);
    const second = fakeApi();
    usePathsStore.getState().start(second.api);
    second.answerHistory({ samples: [sample(100)], events: [pathUp(100)] });
    first.answerHistory({ samples: [sample(100)], events: [pathUp(100)] });
    await flush();
    expect(usePathsStore.getState().events).toEqual([pathUp(100)]);
    expect(usePathsStore.getState().series.points).toHaveLength(1);
  });

  it("shows a mode at once and puts it back with the reason when main refuses", async () => {
    const fake = fakeApi();
    usePathsStore.getState().start(fake.api);
    await flush();
    const pending = usePathsStore.getState().setMode(fake.api, "weighted");
    expect(usePathsStore.getState().mode).toBe("weighted");
    await pending;
    expect(usePathsStore.getState().mode).toBe("bond");
    expect(usePathsStore.getState().modeError).toBe("could not switch to weighted: helper refused");
  });
});
