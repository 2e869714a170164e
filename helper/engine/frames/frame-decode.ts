// Decodes WireGuard transport plaintext into a typed Braid frame, a bare IP packet or a typed error; total:
// any byte string gives a value, nothing throws (layouts in frame-types.ts).

import {
  dataHeaderBytes,
  type FeedbackEntry,
  type Frame,
  type FrameDecodeResult,
  type FrameError,
  type FrameKind,
  feedbackEntryBytes,
  feedbackHeaderBytes,
  frameTypeCode,
  type HelloPath,
  helloHeaderBytes,
  helloMeteredBit,
  helloPriorityCodes,
  maxFeedbackEntries,
  maxPaths,
  type Plaintext,
  probeEchoBytes,
  probeMaxBytes,
  probeMinBytes,
} from "./frame-types";
import { describeIpLengthProblem, ipPacketLengthBytes } from "./ip-header";
import { readTimestampMs, readU16, readU24, readU32, readU48, readU64Safe } from "./wire-ints";

const keepalive: Plaintext = { kind: "keepalive" };

/**
 * Classifies a decrypted plaintext. First nibble 4 or 6: a bare IP packet (stock WireGuard mode, which bypasses
 * reassembly); 1: a Braid frame; empty: a keepalive; anything else is invalid.
 */
export function decodePlaintext(bytes: Uint8Array): Plaintext {
  if (bytes.length === 0) return keepalive;
  const nibble = bytes[0]! >>> 4;
  if (nibble === 4 || nibble === 6) {
    const lengthBytes = ipPacketLengthBytes(bytes);
    if (lengthBytes === 0) {
      return { kind: "invalid", error: { kind: "bad-ip-packet", detail: describeIpLengthProblem(bytes) } };
    }
    return { kind: "ip", packet: bytes.subarray(0, lengthBytes) };
  }
  const result = decodeFrame(bytes);
  return result.ok ? { kind: "frame", frame: result.frame } : { kind: "invalid", error: result.error };
}

/** Decodes one Braid frame. Trailing bytes (WireGuard's zero padding) are ignored. */
export function decodeFrame(bytes: Uint8Array): FrameDecodeResult {
  if (bytes.length === 0) return fail({ kind: "truncated", frameType: undefined, needBytes: 1 });
  switch (bytes[0]!) {
    case frameTypeCode.data:
      return decodeData(bytes);
    case frameTypeCode.probe:
      return decodeProbe(bytes);
    case frameTypeCode.probeEcho:
      return decodeProbeEcho(bytes);
    case frameTypeCode.feedback:
      return decodeFeedback(bytes);
    case frameTypeCode.hello:
      return decodeHello(bytes);
    default:
      return fail({ kind: "unknown-type", typeByte: bytes[0]! });
  }
}

function decodeData(bytes: Uint8Array): FrameDecodeResult {
  if (bytes.length < dataHeaderBytes) return truncated("data", dataHeaderBytes);
  const payload = bytes.subarray(dataHeaderBytes);
  const packetBytes = ipPacketLengthBytes(payload);
  if (packetBytes === 0) {
    return fail({ kind: "bad-length", frameType: "data", detail: describeIpLengthProblem(payload) });
  }
  return ok({
    type: "data",
    flags: bytes[1]!,
    flowId: readU24(bytes, 2),
    flowSeq: readU24(bytes, 5),
    activePathMask: readU32(bytes, 8),
    packet: payload.subarray(0, packetBytes),
  });
}

function decodeProbe(bytes: Uint8Array): FrameDecodeResult {
  if (bytes.length < probeMinBytes) return truncated("probe", probeMinBytes);
  if (bytes.length > probeMaxBytes) {
    return fail({ kind: "bad-length", frameType: "probe", detail: `over ${probeMaxBytes} bytes` });
  }
  const pathId = bytes[1]!;
  if (pathId >= maxPaths) return badField("probe", "pathId");
  return ok({
    type: "probe",
    pathId,
    probeId: readU32(bytes, 2),
    sentAtMs: readTimestampMs(bytes, 6),
    sizeBytes: bytes.length,
  });
}

function decodeProbeEcho(bytes: Uint8Array): FrameDecodeResult {
  if (bytes.length < probeEchoBytes) return truncated("probe-echo", probeEchoBytes);
  const pathId = bytes[1]!;
  if (pathId >= maxPaths) return badField("probe-echo", "pathId");
  return ok({
    type: "probe-echo",
    pathId,
    probeId: readU32(bytes, 2),
    probeSentAtMs: readTimestampMs(bytes, 6),
    receivedAtMs: readTimestampMs(bytes, 12),
    probeSizeBytes: readU16(bytes, 18),
  });
}

function decodeFeedback(bytes: Uint8Array): FrameDecodeResult {
  if (bytes.length < feedbackHeaderBytes) return truncated("feedback", feedbackHeaderBytes);
  const count = bytes[1]!;
  if (count > maxFeedbackEntries) return badField("feedback", "count");
  const needBytes = feedbackHeaderBytes + count * feedbackEntryBytes;
  if (bytes.length < needBytes) return truncated("feedback", needBytes);
  const paths: FeedbackEntry[] = [];
  for (let at = feedbackHeaderBytes; at < needBytes; at += feedbackEntryBytes) {
    const pathId = bytes[at]!;
    if (pathId >= maxPaths) return badField("feedback", "pathId");
    const highestCounter = readU64Safe(bytes, at + 13);
    if (highestCounter === undefined) return badField("feedback", "highestCounter");
    paths.push({
      pathId,
      rxBytes: readU48(bytes, at + 1),
      rxPackets: readU48(bytes, at + 7),
      highestCounter,
    });
  }
  return ok({ type: "feedback", sentAtMs: readTimestampMs(bytes, 2), paths });
}

function decodeHello(bytes: Uint8Array): FrameDecodeResult {
  if (bytes.length < helloHeaderBytes) return truncated("hello", helloHeaderBytes);
  const version = bytes[1]!;
  if (version === 0) return badField("hello", "version");
  const count = bytes[3]!;
  if (count > maxPaths) return badField("hello", "pathCount");
  const idsEnd = helloHeaderBytes + count;
  if (bytes.length < idsEnd) return truncated("hello", idsEnd);
  // Attribute bytes are optional: a HELLO cut after the ids says "all primary, none metered".
  const hasAttributes = bytes.length >= idsEnd + count;
  const paths: HelloPath[] = [];
  let seenMask = 0;
  for (let index = 0; index < count; index++) {
    const pathId = bytes[helloHeaderBytes + index]!;
    if (pathId >= maxPaths || (seenMask & (1 << pathId)) !== 0) return badField("hello", "pathIds");
    seenMask |= 1 << pathId;
    const attributes = hasAttributes ? bytes[idsEnd + index]! : 0;
    const priority = helloPriorityCodes[attributes & 0x03];
    if (priority === undefined || (attributes & ~(0x03 | helloMeteredBit)) !== 0)
      return badField("hello", "pathAttributes");
    paths.push({ pathId, priority, metered: (attributes & helloMeteredBit) !== 0 });
  }
  return ok({
    type: "hello",
    version,
    isReply: (bytes[2]! & 1) !== 0,
    capabilities: readU32(bytes, 4),
    paths,
  });
}

function ok(frame: Frame): FrameDecodeResult {
  return { ok: true, frame };
}

function fail(error: FrameError): FrameDecodeResult {
  return { ok: false, error };
}

function truncated(frameType: FrameKind, needBytes: number): FrameDecodeResult {
  return fail({ kind: "truncated", frameType, needBytes });
}

function badField(frameType: FrameKind, field: string): FrameDecodeResult {
  return fail({ kind: "bad-field", frameType, field });
}
