// Serial-number arithmetic (RFC 1982 style) for the 24-bit per-flow sequence number carried in DATA frames.

export const flowSeqBits = 24;
/** Number of distinct flowSeq values; sequence numbers wrap modulo this. */
export const flowSeqModulus = 1 << flowSeqBits;
const flowSeqMask = flowSeqModulus - 1;
const halfModulus = flowSeqModulus / 2;

/** seq + count, wrapped to 24 bits. */
export function flowSeqAdd(seq: number, count: number): number {
  return (seq + count) & flowSeqMask;
}

/**
 * Signed distance a - b in [-2^23, 2^23): positive when a is after b. Valid while the two are less than 2^23
 * apart, which holds for any reorder window (8.4 million packets of one flow).
 */
export function flowSeqDiff(a: number, b: number): number {
  return ((((a - b) & flowSeqMask) + halfModulus) & flowSeqMask) - halfModulus;
}

/** Normalises any integer to a valid flowSeq. */
export function toFlowSeq(value: number): number {
  return value & flowSeqMask;
}
