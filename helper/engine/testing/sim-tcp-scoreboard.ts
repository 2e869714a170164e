// The SACK sender's scoreboard (RFC 6675): which segments are SACKed, lost, retransmitted, and the pipe they make.

import type { SackBlocks } from "./sim-tcp-sack-option";

const sackedFlag = 1;
const lostFlag = 2;
const retransmittedFlag = 4;
/** A segment is lost once this many segments above it are SACKed (RFC 6675 DupThresh). */
const dupThreshold = 3;

/**
 * One flag byte per segment in a ring that covers the send window, and running counts, so that an ACK costs
 * work in proportion to what it newly acknowledges: blocks already seen in the previous ACK are skipped (as
 * Linux's recv_sack_cache does), and pipe is kept as (sndMax - sndUna) - SACKed - lost + retransmissions in flight.
 */
export class SackScoreboard {
  sndUna = 0;
  sndMax = 0;
  sackedCount = 0;
  /** Segments marked lost and not SACKed or acknowledged since. */
  lostCount = 0;
  /** Retransmissions not yet SACKed or acknowledged (a lost one stays counted until the RTO). */
  retransmitsInFlight = 0;
  /** Every un-SACKed segment below here is lost. */
  private lostBelow = 0;
  private highSacked = 0;
  private nextHole = 0;
  private readonly flags: Uint8Array;
  private readonly mask: number;
  private readonly seenStarts = new Float64Array(8);
  private readonly seenEnds = new Float64Array(8);
  private seenCount = 0;

  constructor(maxWindowSegments: number) {
    const size = 2 ** Math.ceil(Math.log2(Math.max(2 * maxWindowSegments, 2)));
    this.flags = new Uint8Array(size);
    this.mask = size - 1;
  }

  get pipe(): number {
    return this.sndMax - this.sndUna - this.sackedCount - this.lostCount + this.retransmitsInFlight;
  }

  sendNew(): void {
    this.flags[this.sndMax & this.mask] = 0;
    this.sndMax++;
  }

  /** Cumulative ACK up to ack (exclusive); returns segments delivered by it that were not SACKed before. */
  advance(ack: number): number {
    let delivered = 0;
    for (let seq = this.sndUna; seq < ack; seq++) {
      const flags = this.flags[seq & this.mask]!;
      if (flags & sackedFlag) {
        this.sackedCount--;
        continue;
      }
      delivered++;
      if (flags & lostFlag) this.lostCount--;
      if (flags & retransmittedFlag) this.retransmitsInFlight--;
    }
    this.sndUna = ack;
    if (this.lostBelow < ack) this.lostBelow = ack;
    if (this.highSacked < ack) this.highSacked = ack;
    if (this.nextHole < ack) this.nextHole = ack;
    return delivered;
  }

  /** Marks the blocks' segments SACKed; returns how many were newly SACKed. */
  applySack(blocks: SackBlocks): number {
    let newly = 0;
    for (let i = 0; i < blocks.count; i++) {
      const end = Math.min(blocks.ends[i]!, this.sndMax);
      let seq = Math.max(blocks.starts[i]!, this.sndUna);
      while (seq < end) {
        const skipTo = this.seenEndFrom(seq);
        if (skipTo > seq) {
          seq = skipTo;
          continue;
        }
        newly += this.markSacked(seq);
        seq++;
      }
      if (end > this.highSacked) this.highSacked = end;
    }
    this.seenCount = Math.min(blocks.count, this.seenStarts.length);
    for (let i = 0; i < this.seenCount; i++) {
      this.seenStarts[i] = blocks.starts[i]!;
      this.seenEnds[i] = blocks.ends[i]!;
    }
    return newly;
  }

  /** RFC 6675 IsLost for every segment: un-SACKed with dupThreshold SACKed segments above it. */
  markLosses(): void {
    let sackedAbove = 0;
    let seq = this.highSacked - 1;
    while (seq >= this.lostBelow && sackedAbove < dupThreshold) {
      if (this.flags[seq & this.mask]! & sackedFlag) sackedAbove++;
      seq--;
    }
    if (sackedAbove < dupThreshold) return;
    for (let s = this.lostBelow; s <= seq; s++) this.markLost(s);
    this.lostBelow = seq + 1;
  }

  /** After an RTO: every un-SACKed segment is lost, and earlier retransmissions are assumed lost too. */
  markAllLost(): void {
    for (let seq = this.sndUna; seq < this.sndMax; seq++) {
      const at = seq & this.mask;
      if (this.flags[at]! & sackedFlag) continue;
      this.flags[at]! &= ~retransmittedFlag;
      this.markLost(seq);
    }
    this.retransmitsInFlight = 0;
    this.lostBelow = this.sndMax;
    this.nextHole = this.sndUna;
  }

  /** The lowest lost segment not yet retransmitted, if any. */
  nextRetransmission(): number | undefined {
    while (this.nextHole < this.lostBelow) {
      const flags = this.flags[this.nextHole & this.mask]!;
      if ((flags & (lostFlag | sackedFlag | retransmittedFlag)) === lostFlag) return this.nextHole;
      this.nextHole++;
    }
    return undefined;
  }

  markRetransmitted(seq: number): void {
    this.flags[seq & this.mask]! |= retransmittedFlag;
    this.retransmitsInFlight++;
    if (this.nextHole === seq) this.nextHole++;
  }

  private markSacked(seq: number): number {
    const at = seq & this.mask;
    const flags = this.flags[at]!;
    if (flags & sackedFlag) return 0;
    if (flags & lostFlag) this.lostCount--;
    if (flags & retransmittedFlag) this.retransmitsInFlight--;
    this.flags[at] = sackedFlag;
    this.sackedCount++;
    return 1;
  }

  private markLost(seq: number): void {
    const at = seq & this.mask;
    const flags = this.flags[at]!;
    if (flags & (sackedFlag | lostFlag)) return;
    this.flags[at] = flags | lostFlag;
    this.lostCount++;
  }

  /** If seq lies in a block the previous ACK reported (already marked), where that block ends; else seq. */
  private seenEndFrom(seq: number): number {
    for (let i = 0; i < this.seenCount; i++) {
      if (seq >= this.seenStarts[i]! && seq < this.seenEnds[i]!) return this.seenEnds[i]!;
    }
    return seq;
  }
}
