import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { ReplayWindow, replayWindowSize } from "./replay-window";

describe("replay window", () => {
  it("is wireguard-go's size: 8128 counters behind the highest", () => {
    expect(replayWindowSize).toBe(8128);
    const window = new ReplayWindow();
    expect(window.validate(10_000)).toBe(true);
    expect(window.validate(10_000 - 8128)).toBe(true);
    expect(window.validate(10_000 - 8129)).toBe(false);
    expect(window.validate(10_000 - 8128)).toBe(false);
  });

  it("forgets everything when the counter jumps past the whole ring", () => {
    const window = new ReplayWindow();
    for (let c = 0; c < 200; c++) expect(window.validate(c)).toBe(true);
    expect(window.validate(1_000_000)).toBe(true);
    expect(window.validate(150)).toBe(false);
    expect(window.validate(1_000_000 - 64)).toBe(true);
    expect(window.validate(1_000_000 - 64)).toBe(false);
  });

  it("rejects counters at or above the limit", () => {
    expect(new ReplayWindow().validate(100, 100)).toBe(false);
    expect(new ReplayWindow().validate(2 ** 53)).toBe(false);
  });

  it("accepts each counter at most once and never rejects an unseen one inside the window", () => {
    const arrival = fc.oneof(
      fc.integer({ min: 0, max: 300 }), // dense: duplicates and reordering within a block or two
      fc.integer({ min: 0, max: 40_000 }), // jumps forward and far back
    );
    fc.assert(
      fc.property(
        fc.constantFrom(0, 2 ** 32 - 100, 2 ** 52),
        fc.array(arrival, { maxLength: 400 }),
        (base, offsets) => {
          const window = new ReplayWindow();
          const accepted = new Set<number>();
          let highest = -1;
          for (const offset of offsets) {
            const counter = base + offset;
            const expected =
              !accepted.has(counter) && (counter > highest || highest - counter <= replayWindowSize);
            expect(window.validate(counter)).toBe(expected);
            if (expected) {
              accepted.add(counter);
              highest = Math.max(highest, counter);
            }
          }
        },
      ),
      { numRuns: 300 },
    );
  });
});
