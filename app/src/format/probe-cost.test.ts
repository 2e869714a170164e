import { describe, expect, it } from "vitest";
import { describeProbeCost, idleDetectionMs, probeCostBitsPerSec, probeCostBytesPerDay } from "./probe-cost";

describe("probe cost", () => {
  it("grows with the rate: ten probes a second is about 12.8 kbit/s and 138 MB a day per path", () => {
    expect(probeCostBitsPerSec(10)).toBe(12_800);
    expect(probeCostBytesPerDay(10)).toBe(138_240_000);
    expect(probeCostBitsPerSec(50)).toBe(5 * probeCostBitsPerSec(10));
  });

  it("says the cost and how soon a dead idle link shows", () => {
    expect(idleDetectionMs(10)).toBe(300);
    expect(describeProbeCost(1)).toBe(
      "1.3 kbit/s, about 14 MB a day per path; an idle link's failure shows after about 3.0 s",
    );
    expect(describeProbeCost(50)).toMatch(/^64\.0 kbit\/s, about 691 MB a day per path; .* about 60 ms$/);
  });
});
