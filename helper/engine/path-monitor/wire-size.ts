// What the Path Monitor's own frames cost on the wire, so probe budgets and MTU probes are computed, not guessed.
//
// A Braid frame travels as the plaintext of a WireGuard transport message: 16 bytes of header, the plaintext
// padded with zeros to a multiple of 16, a 16-byte Poly1305 tag; then UDP (8) and IPv4 (20) or IPv6 (40).
// Frame sizes are injected (FrameSizes) rather than imported so this module stays independent of the codec;
// the defaults mirror helper/engine/frames/frame-types.ts.

export const wireGuardTransportOverheadBytes = 32;
export const wireGuardPaddingMultipleBytes = 16;
export const udpHeaderBytes = 8;

/** Outer IP header: 20 for IPv4, 40 for IPv6 (no options or extension headers). */
export type OuterIpHeaderBytes = 20 | 40;

/** The smallest datagram every IPv6 path must carry, and so the floor of path MTU discovery. */
export const minimumPathMtuBytes = 1280;

export interface FrameSizes {
  /** An unpadded PROBE frame. */
  readonly probeBytes: number;
  readonly probeEchoBytes: number;
  readonly feedbackHeaderBytes: number;
  readonly feedbackEntryBytes: number;
}

export const defaultFrameSizes: FrameSizes = {
  probeBytes: 20,
  probeEchoBytes: 20,
  feedbackHeaderBytes: 8,
  feedbackEntryBytes: 21,
};

function roundUpToPadding(bytes: number): number {
  return Math.ceil(bytes / wireGuardPaddingMultipleBytes) * wireGuardPaddingMultipleBytes;
}

/** UDP payload (the WireGuard transport message) carrying a frame of frameBytes. */
export function wireGuardMessageBytes(frameBytes: number): number {
  return wireGuardTransportOverheadBytes + roundUpToPadding(frameBytes);
}

/** Whole IP datagram on the wire carrying a frame of frameBytes. */
export function datagramWireBytes(frameBytes: number, ipHeaderBytes: OuterIpHeaderBytes): number {
  return ipHeaderBytes + udpHeaderBytes + wireGuardMessageBytes(frameBytes);
}

/**
 * Largest frame whose datagram fits in datagramBytes. Always a multiple of 16, because WireGuard pads to 16
 * and a frame just over a multiple would be padded past the limit.
 */
export function largestFrameWithin(datagramBytes: number, ipHeaderBytes: OuterIpHeaderBytes): number {
  const room = datagramBytes - ipHeaderBytes - udpHeaderBytes - wireGuardTransportOverheadBytes;
  return Math.max(0, Math.floor(room / wireGuardPaddingMultipleBytes) * wireGuardPaddingMultipleBytes);
}

export function feedbackFrameBytes(sizes: FrameSizes, entryCount: number): number {
  return sizes.feedbackHeaderBytes + sizes.feedbackEntryBytes * entryCount;
}
