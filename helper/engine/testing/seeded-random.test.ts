// Repeatability and distribution of the seeded random streams.

import { describe, expect, it } from "vitest";
import { SeededRandom } from "./seeded-random";

function draw(random: SeededRandom, count: number): number[] {
  return Array.from({ length: count }, () => random.nextUint32());
}

describe("SeededRandom", () => {
  it("repeats its sequence for the same seed and label, and differs otherwise", () => {
    expect(draw(new SeededRandom(42), 50)).toEqual(draw(new SeededRandom(42), 50));
    expect(draw(new SeededRandom(42, "client"), 50)).toEqual(draw(new SeededRandom(42, "client"), 50));
    expect(draw(new SeededRandom(42), 50)).not.toEqual(draw(new SeededRandom(43), 50));
    expect(draw(new SeededRandom(42, "client"), 50)).not.toEqual(draw(new SeededRandom(42, "server"), 50));
    expect(draw(new SeededRandom(5), 50)).not.toEqual(draw(new SeededRandom(-5), 50));
    expect(draw(new SeededRandom(2 ** 40), 50)).not.toEqual(draw(new SeededRandom(2 ** 41), 50));
  });

  it("draws uniform values in [0, 1)", () => {
    const random = new SeededRandom(1);
    const buckets = new Array<number>(10).fill(0);
    const count = 100_000;
    let outOfRange = 0;
    for (let i = 0; i < count; i++) {
      const value = random.next();
      if (!(value >= 0 && value < 1)) outOfRange++;
      else buckets[Math.floor(value * 10)]!++;
    }
    expect(outOfRange).toBe(0);
    for (const bucket of buckets) expect(Math.abs(bucket / count - 0.1)).toBeLessThan(0.005);
  });

  it("draws standard normals", () => {
    const random = new SeededRandom(2);
    const count = 100_000;
    let sum = 0;
    let sumOfSquares = 0;
    for (let i = 0; i < count; i++) {
      const value = random.normal();
      sum += value;
      sumOfSquares += value * value;
    }
    const mean = sum / count;
    expect(Math.abs(mean)).toBeLessThan(0.02);
    expect(Math.abs(Math.sqrt(sumOfSquares / count - mean * mean) - 1)).toBeLessThan(0.02);
  });

  it("fills buffers of any length, repeatably, using every byte value", () => {
    const a = new Uint8Array(4099);
    const b = new Uint8Array(4099);
    new SeededRandom(9).fill(a);
    new SeededRandom(9).fill(b);
    expect(a).toEqual(b);
    expect(new Set(a).size).toBe(256);
  });

  it("refuses a seed that is not a finite number", () => {
    expect(() => new SeededRandom(Number.NaN)).toThrow(/finite/);
  });
});
