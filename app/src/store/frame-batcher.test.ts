import { describe, expect, it } from "vitest";
import { createFrameBatcher } from "./frame-batcher";

function fakeFrames() {
  let pending: Array<() => void> = [];
  return {
    request: (fn: () => void) => pending.push(fn),
    cancel: () => {
      pending = [];
    },
    runFrame() {
      const due = pending;
      pending = [];
      for (const fn of due) fn();
    },
  };
}

describe("frame batcher", () => {
  it("hands over everything that arrived between two frames in one call", () => {
    const frames = fakeFrames();
    const batches: number[][] = [];
    const batcher = createFrameBatcher<number>((items) => batches.push(items), frames.request, frames.cancel);
    batcher.push(1);
    batcher.push(2);
    batcher.push(3);
    expect(batches).toEqual([]);
    frames.runFrame();
    batcher.push(4);
    frames.runFrame();
    expect(batches).toEqual([[1, 2, 3], [4]]);
  });

  it("applies without a frame once ten seconds have piled up (a hidden window gets no frames)", () => {
    const frames = fakeFrames();
    const batches: number[][] = [];
    const batcher = createFrameBatcher<number>((items) => batches.push(items), frames.request, frames.cancel);
    for (let i = 0; i < 100; i++) batcher.push(i);
    expect(batches.map((b) => b.length)).toEqual([100]);
  });
});
