import { describe, expect, it } from "vitest";
import { flowSeqModulus } from "../frames/flow-seq";
import { SeqHistory } from "./seq-history";

describe("SeqHistory", () => {
  it("remembers delivered seqs and forgets skipped ones, across the flowSeq wrap", () => {
    const history = new SeqHistory(256);
    const first = flowSeqModulus - 50;
    for (let i = 0; i < 100; i++) history.markDelivered((first + i) % flowSeqModulus);
    history.markSkipped((first + 100) % flowSeqModulus, 100);
    expect(history.wasDelivered((first + 99) % flowSeqModulus)).toBe(true);
    expect(history.wasDelivered(first)).toBe(true);
    expect(history.wasDelivered((first + 100) % flowSeqModulus)).toBe(false);
    expect(history.wasDelivered((first + 199) % flowSeqModulus)).toBe(false);
    history.markSkipped(0, 1000);
    expect(history.wasDelivered(first)).toBe(false);
  });
});
