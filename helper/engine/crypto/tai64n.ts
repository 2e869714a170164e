// TAI64N timestamps (12 bytes) as WireGuard puts in handshake initiations, so a responder can reject replays.

import type { WallClock } from "../ports";

export const tai64nBytes = 12;

// WireGuard (kernel and wireguard-go) labels seconds as 2^62 + 10 + unix seconds: TAI64 with TAI-UTC taken as 10 s.
const labelHigh = 0x40000000;
const labelLowOffset = 10;
const twoTo32 = 0x100000000;
// wireguard-go rounds nanoseconds down to 2^24 ns (about 16.8 ms) so timestamps do not leak precise clock
// readings; successive initiations (5 s apart at least) stay strictly increasing.
const whitenerMask = 0xffffff;

/** Encodes unix milliseconds as TAI64N: 8-byte big-endian label + seconds, 4-byte big-endian nanoseconds. */
export function encodeTai64n(unixMs: number, out: Uint8Array = new Uint8Array(tai64nBytes)): Uint8Array {
  const seconds = Math.floor(unixMs / 1000);
  const nanoseconds = ((Math.floor(unixMs - seconds * 1000) * 1_000_000) & ~whitenerMask) >>> 0;
  const low = seconds + labelLowOffset;
  const lowWord = low % twoTo32;
  const view = new DataView(out.buffer, out.byteOffset, tai64nBytes);
  view.setUint32(0, labelHigh + Math.floor(low / twoTo32));
  view.setUint32(4, lowWord);
  view.setUint32(8, nanoseconds);
  return out;
}

export function tai64nNow(wallClock: WallClock): Uint8Array {
  return encodeTai64n(wallClock.unixNowMs());
}

/** True when a is strictly later than b (big-endian byte order is time order). */
export function tai64nIsAfter(a: Uint8Array, b: Uint8Array): boolean {
  for (let i = 0; i < tai64nBytes; i++) {
    if (a[i]! !== b[i]!) return a[i]! > b[i]!;
  }
  return false;
}
