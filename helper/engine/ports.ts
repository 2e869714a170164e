// What the engine needs from the outside world; platform code and tests inject these (no clocks or I/O of its own).

/** Monotonic time in milliseconds (fractions allowed); never goes backwards. */
export interface Clock {
  nowMs(): number;
}

/** Wall-clock time, used only where the protocol needs it (TAI64N timestamps in handshake initiations). */
export interface WallClock {
  unixNowMs(): number;
}

/** Fills a buffer with random bytes: cryptographically secure in production, seeded in tests. */
export interface RandomSource {
  fill(bytes: Uint8Array): void;
}

/** A remote UDP endpoint as seen by one local socket. */
export interface Endpoint {
  readonly address: string;
  readonly port: number;
}

/** Identifies one local UDP socket (one per uplink on the client; usually one on the server). */
export type SocketId = number;

export function endpointKey(socketId: SocketId, remote: Endpoint): string {
  return `${socketId}|${remote.address}|${remote.port}`;
}
