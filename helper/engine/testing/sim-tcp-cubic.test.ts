// CUBIC regrows to the window where it lost in K = cbrt(wMax x 0.3 / 0.4) seconds, far sooner than Reno on a long RTT.

import { describe, expect, it } from "vitest";
import { CubicWindow } from "./sim-tcp-cubic";

/** cwnd after growing for durationMs from cwnd, one ACK per segment, each round trip delivering one window. */
function growFor(cubic: CubicWindow, cwnd: number, durationMs: number, rttMs: number): number {
  let window = cwnd;
  for (let atMs = 0; atMs < durationMs; atMs += rttMs) {
    const acks = Math.floor(window);
    for (let i = 0; i < acks; i++) window = cubic.grow(window, 1, atMs + (i * rttMs) / acks, rttMs);
  }
  return window;
}

describe("CUBIC window (RFC 9438)", () => {
  it("cuts to 0.7 of the window on a loss", () => {
    expect(new CubicWindow().onCongestion(1000)).toBe(700);
  });

  it("is back at the lost window of 1000 segments after about K = 9.1 s at a 100 ms RTT, concave before", () => {
    const cubic = new CubicWindow();
    const after = cubic.onCongestion(1000);
    // Reno would be at 750 after 5 s (50 round trips) and need 30 s to get back to 1000.
    expect(growFor(cubic, after, 5_000, 100)).toBeGreaterThan(900);
    const cubicAgain = new CubicWindow();
    const atK = growFor(cubicAgain, cubicAgain.onCongestion(1000), 9_100, 100);
    expect(atK).toBeGreaterThan(970);
    expect(atK).toBeLessThan(1030);
  });

  it("shrinks its target further on a second loss below the last (fast convergence)", () => {
    const cubic = new CubicWindow();
    cubic.onCongestion(1000);
    const cut = cubic.onCongestion(800);
    expect(cut).toBe(560);
    // wMax is now 800 x 0.85 = 680: growth flattens out near it, not near 800.
    expect(growFor(cubic, cut, 4_000, 100)).toBeLessThan(720);
  });
});
