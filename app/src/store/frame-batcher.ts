// Collects messages that arrive between frames and hands them over once per animation frame: 10 Hz data, one render each.

export interface FrameBatcher<T> {
  push(item: T): void;
  /** Drops anything queued and stops; for unmounting. */
  cancel(): void;
}

/** Ten seconds of 10 Hz samples. */
const maxQueued = 100;

export function createFrameBatcher<T>(
  apply: (items: T[]) => void,
  requestFrame: (fn: () => void) => number = (fn) => requestAnimationFrame(fn),
  cancelFrame: (handle: number) => void = (handle) => cancelAnimationFrame(handle),
): FrameBatcher<T> {
  let queue: T[] = [];
  let handle: number | undefined;
  return {
    push(item) {
      queue.push(item);
      // A hidden window gets no frames: apply now rather than let the queue grow while Braid sits in the tray.
      if (queue.length >= maxQueued) {
        if (handle !== undefined) cancelFrame(handle);
        handle = undefined;
        const items = queue;
        queue = [];
        apply(items);
        return;
      }
      if (handle !== undefined) return;
      handle = requestFrame(() => {
        handle = undefined;
        const items = queue;
        queue = [];
        apply(items);
      });
    },
    cancel() {
      if (handle !== undefined) cancelFrame(handle);
      handle = undefined;
      queue = [];
    },
  };
}
