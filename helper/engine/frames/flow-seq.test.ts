import { describe, expect, it } from "vitest";
import { flowSeqAdd, flowSeqDiff, flowSeqModulus } from "./flow-seq";

describe("flowSeq serial arithmetic", () => {
  it("wraps after 2^24 and still orders across the wrap", () => {
    const last = flowSeqModulus - 1;
    expect(flowSeqAdd(last, 1)).toBe(0);
    expect(flowSeqDiff(0, last)).toBe(1);
    expect(flowSeqDiff(last, 0)).toBe(-1);
    expect(flowSeqDiff(flowSeqAdd(last, 100), last)).toBe(100);
  });

  it("gives signed distances within half the space", () => {
    expect(flowSeqDiff(5, 5)).toBe(0);
    expect(flowSeqDiff(10, 3)).toBe(7);
    expect(flowSeqDiff(3, 10)).toBe(-7);
    expect(flowSeqDiff(flowSeqModulus / 2 - 1, 0)).toBe(flowSeqModulus / 2 - 1);
  });
});
