import { describe, expect, it } from "vitest";
import { InitiationRateLimit } from "./initiation-rate-limit";

describe("initiation rate limit", () => {
  it("accepts 50 in a second, refuses the 51st, and accepts again once the oldest is a second old", () => {
    const limit = new InitiationRateLimit();
    for (let i = 0; i < 50; i++) expect(limit.tryAccept(i * 19)).toBe(true);
    expect(limit.tryAccept(50 * 19)).toBe(false);
    expect(limit.tryAccept(999)).toBe(false);
    expect(limit.tryAccept(1000)).toBe(true);
    expect(limit.tryAccept(1001)).toBe(false);
  });
});
