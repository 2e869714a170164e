import { describe, expect, it } from "vitest";
import { measureAeadBackends } from "./aead-bench";

describe("AEAD benchmark", () => {
  it("reports a rate per available backend from the injected clock", () => {
    let fakeMs = 0;
    // Each clock read advances 1 ms: 32 packets per ms, so 32,000 packets per second whatever the machine.
    const clock = { nowMs: () => fakeMs++ };
    const results = measureAeadBackends(clock, { durationMs: 5, packetBytes: 100 });
    expect(results.map((r) => r.backend)).toEqual(["sodium-native", "node-crypto"]);
    for (const result of results) {
      expect(result.sealPacketsPerSec).toBe(32_000);
      expect(result.openPacketsPerSec).toBe(32_000);
      expect(result.sealBitsPerSec).toBe(32_000 * 800);
    }
  });
});
