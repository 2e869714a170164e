import { describe, expect, it } from "vitest";
import { encodeTai64n, tai64nIsAfter, tai64nNow } from "./tai64n";

const hex = (data: Uint8Array) => Buffer.from(data).toString("hex");

describe("TAI64N", () => {
  it("labels seconds as WireGuard does (2^62 + 10 + unix seconds), big-endian, then nanoseconds", () => {
    expect(hex(encodeTai64n(0))).toBe("400000000000000a" + "00000000");
    // 1700000000 s + 10 = 0x6553f10a; 123 ms whitened down to a multiple of 2^24 ns = 0x07000000.
    expect(hex(encodeTai64n(1_700_000_000_123))).toBe("400000006553f10a" + "07000000");
  });

  it("orders timestamps by time, equal within wireguard-go's 16.8 ms whitening step", () => {
    const earlier = encodeTai64n(1_700_000_000_000);
    const later = encodeTai64n(1_700_000_000_020);
    expect(tai64nIsAfter(later, earlier)).toBe(true);
    expect(tai64nIsAfter(earlier, later)).toBe(false);
    expect(tai64nIsAfter(earlier, earlier)).toBe(false);
    expect(hex(encodeTai64n(1_700_000_000_001))).toBe(hex(earlier));
    expect(tai64nIsAfter(encodeTai64n(1_700_000_001_000), encodeTai64n(1_700_000_000_999))).toBe(true);
  });

  it("reads the injected wall clock", () => {
    expect(hex(tai64nNow({ unixNowMs: () => 1000 }))).toBe(hex(encodeTai64n(1000)));
  });
});
