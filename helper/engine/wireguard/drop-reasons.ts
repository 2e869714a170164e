// Why the WireGuard layer dropped a datagram: every drop is counted under one of these, per device and per peer.

export const dropReasons = [
  /** Too short, unknown type, or wrong size for its type. */
  "malformed",
  "bad-mac1",
  /** Names a receiver index we do not hold (unknown, replaced or expired session). */
  "unknown-index",
  /** Keypair older than REJECT_AFTER_TIME. */
  "keypair-expired",
  /** Counter at or beyond REJECT_AFTER_MESSAGES. */
  "counter-limit",
  /** Transport message failed authentication. */
  "decrypt-failed",
  /** Transport counter already received or older than the replay window. */
  "replay",
  /** Initiation or response that does not authenticate, or names an invalid key. */
  "handshake-failed",
  /** Initiation from a static key that is not one of our peers. */
  "unknown-peer",
  /** Initiation whose TAI64N timestamp is not newer than the last accepted one from that peer. */
  "stale-timestamp",
  /** More than 50 initiations from one peer within a second. */
  "initiation-flood",
  "bad-cookie-reply",
  /** No receiver index left (cannot happen within the peer limit; counted rather than thrown). */
  "index-table-full",
] as const;

export type DropReason = (typeof dropReasons)[number];

export type DropCounts = Record<DropReason, number>;

export function newDropCounts(): DropCounts {
  return Object.fromEntries(dropReasons.map((reason) => [reason, 0])) as DropCounts;
}
