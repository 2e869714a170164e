// Braid frames carried in WireGuard transport plaintext between Braid peers: type codes, layouts, typed values.
//
// Every frame starts with a type byte whose high nibble is 0x1. A stock WireGuard peer reads the first nibble
// as an IP version, finds neither 4 nor 6, and silently drops the packet, so frames never reach its TUN.
// All multi-byte fields are big-endian. Decoders ignore trailing bytes, because WireGuard pads every
// plaintext with zeros to a multiple of 16 bytes and the receiver cannot tell padding from payload.
//
// DATA        0x10  12 bytes + one IP packet
//   [0] type  [1] flags  [2..4] flowId u24  [5..7] flowSeq u24  [8..11] activePathMask u32  [12..] IP packet
//   12 bytes keep the header within the aimed budget while the path mask stays a full 32 bits:
//   - flowId is 24 bits: a collision only makes two flows share one reorder sequence (the sender keys its
//     flowSeq counters by flowId too), costing at most some extra waiting when both have gaps; with 4096
//     active flows about 0.5 colliding pairs are expected.
//   - flowSeq is 24 bits with serial arithmetic (flow-seq.ts): half the space is 8.4 million packets, over
//     100 s of a single 1 Gbit/s flow, far beyond any reorder window.
//   The IP packet's own length field bounds it, so WireGuard's padding is trimmed off.
// PROBE       0x11  at least 20 bytes
//   [0] type  [1] pathId u8  [2..5] probeId u32  [6..11] sentAtMs (u48 µs)  [12..] zero padding
//   Padded to at least PROBE_ECHO's size so an echo is never larger than its probe; padded further to a target
//   size for path MTU discovery. sizeBytes is the length as received (including WireGuard padding).
// PROBE_ECHO  0x12  20 bytes
//   [0] type  [1] pathId  [2..5] probeId  [6..11] probeSentAtMs (u48 µs, echoed)
//   [12..17] receivedAtMs (u48 µs, echoer's clock)  [18..19] probeSizeBytes u16 (size of the probe received)
// FEEDBACK    0x13  8 + 21 × n bytes, n ≤ 32
//   [0] type  [1] n  [2..7] sentAtMs (u48 µs, receiver's clock)  then n entries of
//   [0] pathId  [1..6] rxBytes u48  [7..12] rxPackets u48  [13..20] highestCounter u64 (≤ 2^53 - 1)
// HELLO       0x14  8 + 2 × n bytes, n ≤ 32
//   [0] type  [1] version u8 (≥ 1)  [2] flags (bit 0: reply)  [3] n  [4..7] capabilities u32  [8..] n pathIds
//   then n attribute bytes, one per path id in the same order: bits 0-1 priority (0 primary, 1 secondary,
//   2 backup), bit 2 metered; the other bits are zero. A HELLO cut after the path ids means "all primary, none
//   metered". Later versions may append fields after these; the first bytes keep their meaning.
// 0x15..0x1f are reserved for future frame types and decode as "unknown-type".

import type { PathId, PathPriority } from "../path-types";

export const frameTypeCode = {
  data: 0x10,
  probe: 0x11,
  probeEcho: 0x12,
  feedback: 0x13,
  hello: 0x14,
} as const;

export const dataHeaderBytes = 12;
export const probeEchoBytes = 20;
export const probeMinBytes = probeEchoBytes;
/** Probe sizes are echoed in 16 bits; no UDP datagram is larger anyway. */
export const probeMaxBytes = 0xffff;
export const feedbackHeaderBytes = 8;
export const feedbackEntryBytes = 21;
export const helloHeaderBytes = 8;
/** Per path in a HELLO: its id byte and its attribute byte. */
export const helloPathBytes = 2;

/** Path ids index the 32-bit activePathMask, so a peer has at most 32 paths. */
export const maxPaths = 32;
export const maxFeedbackEntries = maxPaths;

export const braidProtocolVersion = 1;

export const dataFlags = {
  /** The sender classified the packet as latency-sensitive (see flow-key.ts); informative for the receiver. */
  latencySensitive: 0x01,
  /**
   * First packet of a new flowSeq sequence (the sender created or re-created the flow, starting at any seq).
   * The receiver delivers it without waiting for predecessors and resyncs a flow it already knew.
   */
  flowStart: 0x02,
} as const;

export const helloCapabilities = {
  /** Sends and accepts DATA frames (flowId/flowSeq reassembly); without it only bare IP packets flow. */
  dataFrames: 0x01,
  probes: 0x02,
  feedback: 0x04,
  /** Answers padded probes, so path MTU can be discovered. */
  pathMtuProbes: 0x08,
} as const;

export interface DataHeader {
  /** 24-bit hash of the flow (flow-key.ts). */
  readonly flowId: number;
  /** 24-bit per-flow sequence number (flow-seq.ts). */
  readonly flowSeq: number;
  /** Bit i set: path i carried data for the sender when this packet was sent. */
  readonly activePathMask: number;
  readonly flags: number;
}

export interface DataFrame extends DataHeader {
  readonly type: "data";
  /** Exactly one IPv4 or IPv6 packet (a view into the decoded bytes, not a copy). */
  readonly packet: Uint8Array;
}

export interface ProbeFrame {
  readonly type: "probe";
  readonly pathId: PathId;
  readonly probeId: number;
  /** Sender's monotonic clock, microsecond resolution. */
  readonly sentAtMs: number;
  /** Whole frame size: encoding pads to it (at least probeMinBytes); decoding reports the size received. */
  readonly sizeBytes: number;
}

export interface ProbeEchoFrame {
  readonly type: "probe-echo";
  readonly pathId: PathId;
  readonly probeId: number;
  /** The probe's sentAtMs, echoed unchanged (prober's clock). */
  readonly probeSentAtMs: number;
  /** When the echoer received the probe (echoer's clock). */
  readonly receivedAtMs: number;
  /** Size of the probe as the echoer received it, so the prober learns which size passed without keeping state. */
  readonly probeSizeBytes: number;
}

export interface FeedbackEntry {
  readonly pathId: PathId;
  /** Cumulative bytes received on the path (u48). */
  readonly rxBytes: number;
  /** Cumulative packets received on the path (u48). */
  readonly rxPackets: number;
  /** Highest WireGuard counter received on the path (safe integer). */
  readonly highestCounter: number;
}

export interface FeedbackFrame {
  readonly type: "feedback";
  /** Receiver's monotonic clock when it wrote the feedback. */
  readonly sentAtMs: number;
  readonly paths: readonly FeedbackEntry[];
}

export interface HelloFrame {
  readonly type: "hello";
  readonly version: number;
  /** A reply to a HELLO; never answered, so two peers cannot ping-pong HELLOs. */
  readonly isReply: boolean;
  readonly capabilities: number;
  /** The client's paths (distinct ids, each < maxPaths) and how it wants each used; empty from the server. */
  readonly paths: readonly HelloPath[];
}

/** What the client tells the server about one of its uplinks, so downstream traffic honours it too. */
export interface HelloPath {
  readonly pathId: PathId;
  readonly priority: PathPriority;
  readonly metered: boolean;
}

/** HELLO's priority codes, by wire value. */
export const helloPriorityCodes: readonly PathPriority[] = ["primary", "secondary", "backup"];
export const helloMeteredBit = 0x04;

export type Frame = DataFrame | ProbeFrame | ProbeEchoFrame | FeedbackFrame | HelloFrame;
export type FrameKind = Frame["type"];

export type FrameError =
  | { readonly kind: "truncated"; readonly frameType: FrameKind | undefined; readonly needBytes: number }
  | { readonly kind: "unknown-type"; readonly typeByte: number }
  | { readonly kind: "bad-length"; readonly frameType: FrameKind; readonly detail: string }
  | { readonly kind: "bad-field"; readonly frameType: FrameKind; readonly field: string }
  /** A bare IP packet (or a DATA frame's packet) whose version or length field does not fit the bytes. */
  | { readonly kind: "bad-ip-packet"; readonly detail: string };

export type FrameDecodeResult =
  | { readonly ok: true; readonly frame: Frame }
  | { readonly ok: false; readonly error: FrameError };

/** What a decrypted WireGuard transport plaintext holds. */
export type Plaintext =
  /** Empty plaintext: a WireGuard keepalive. */
  | { readonly kind: "keepalive" }
  /** A bare IP packet (stock WireGuard mode), trimmed to its IP length. */
  | { readonly kind: "ip"; readonly packet: Uint8Array }
  | { readonly kind: "frame"; readonly frame: Frame }
  | { readonly kind: "invalid"; readonly error: FrameError };
