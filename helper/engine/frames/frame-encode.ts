// Writes Braid frames into caller-provided buffers (layouts in frame-types.ts); the DATA header has its own
// entry point so the packet path can encode in place in front of a packet read with headroom.
//
// Encoders throw RangeError only for caller bugs (buffer too small, path id ≥ 32, too many entries); received
// bytes never reach them. Integer fields are reduced to their wire width (flowSeq wraps by design).

import {
  type DataHeader,
  dataHeaderBytes,
  type FeedbackFrame,
  type Frame,
  feedbackEntryBytes,
  feedbackHeaderBytes,
  frameTypeCode,
  type HelloFrame,
  helloHeaderBytes,
  helloMeteredBit,
  helloPathBytes,
  helloPriorityCodes,
  maxFeedbackEntries,
  maxPaths,
  type ProbeEchoFrame,
  type ProbeFrame,
  probeEchoBytes,
  probeMaxBytes,
  probeMinBytes,
} from "./frame-types";
import { writeTimestampMs, writeU16, writeU24, writeU32, writeU48, writeU64 } from "./wire-ints";

/** Exact encoded size of a frame. */
export function frameSizeBytes(frame: Frame): number {
  switch (frame.type) {
    case "data":
      return dataHeaderBytes + frame.packet.length;
    case "probe":
      return probeSizeBytes(frame.sizeBytes);
    case "probe-echo":
      return probeEchoBytes;
    case "feedback":
      return feedbackHeaderBytes + feedbackEntryBytes * frame.paths.length;
    case "hello":
      return helloHeaderBytes + helloPathBytes * frame.paths.length;
  }
}

/** Writes the 12-byte DATA header at out[offset]; the IP packet goes right after it. Returns bytes written. */
export function encodeDataHeader(header: DataHeader, out: Uint8Array, offset = 0): number {
  requireRoom(out, offset, dataHeaderBytes);
  out[offset] = frameTypeCode.data;
  out[offset + 1] = header.flags;
  writeU24(out, offset + 2, header.flowId);
  writeU24(out, offset + 5, header.flowSeq);
  writeU32(out, offset + 8, header.activePathMask);
  return dataHeaderBytes;
}

/** Writes the whole frame at out[offset] (a DATA frame copies its packet). Returns bytes written. */
export function encodeFrame(frame: Frame, out: Uint8Array, offset = 0): number {
  const sizeBytes = frameSizeBytes(frame);
  requireRoom(out, offset, sizeBytes);
  switch (frame.type) {
    case "data":
      encodeDataHeader(frame, out, offset);
      out.set(frame.packet, offset + dataHeaderBytes);
      break;
    case "probe":
      writeProbe(frame, out, offset, sizeBytes);
      break;
    case "probe-echo":
      writeProbeEcho(frame, out, offset);
      break;
    case "feedback":
      writeFeedback(frame, out, offset);
      break;
    case "hello":
      writeHello(frame, out, offset);
      break;
  }
  return sizeBytes;
}

/** The echo a receiver sends for a probe: never larger than the probe, since probes are at least this size. */
export function probeEchoFor(probe: ProbeFrame, receivedAtMs: number): ProbeEchoFrame {
  return {
    type: "probe-echo",
    pathId: probe.pathId,
    probeId: probe.probeId,
    probeSentAtMs: probe.sentAtMs,
    receivedAtMs,
    probeSizeBytes: Math.min(probe.sizeBytes, probeMaxBytes),
  };
}

function probeSizeBytes(requestedBytes: number): number {
  if (!Number.isFinite(requestedBytes)) return probeMinBytes;
  return Math.min(probeMaxBytes, Math.max(probeMinBytes, Math.floor(requestedBytes)));
}

function writeProbe(frame: ProbeFrame, out: Uint8Array, offset: number, sizeBytes: number): void {
  out[offset] = frameTypeCode.probe;
  out[offset + 1] = checkPathId(frame.pathId);
  writeU32(out, offset + 2, frame.probeId);
  writeTimestampMs(out, offset + 6, frame.sentAtMs);
  // Zero the padding: the buffer may hold an earlier packet, which must not leak onto the wire.
  out.fill(0, offset + 12, offset + sizeBytes);
}

function writeProbeEcho(frame: ProbeEchoFrame, out: Uint8Array, offset: number): void {
  out[offset] = frameTypeCode.probeEcho;
  out[offset + 1] = checkPathId(frame.pathId);
  writeU32(out, offset + 2, frame.probeId);
  writeTimestampMs(out, offset + 6, frame.probeSentAtMs);
  writeTimestampMs(out, offset + 12, frame.receivedAtMs);
  writeU16(out, offset + 18, frame.probeSizeBytes);
}

function writeFeedback(frame: FeedbackFrame, out: Uint8Array, offset: number): void {
  if (frame.paths.length > maxFeedbackEntries) {
    throw new RangeError(`FEEDBACK holds at most ${maxFeedbackEntries} paths, got ${frame.paths.length}`);
  }
  out[offset] = frameTypeCode.feedback;
  out[offset + 1] = frame.paths.length;
  writeTimestampMs(out, offset + 2, frame.sentAtMs);
  let at = offset + feedbackHeaderBytes;
  for (const entry of frame.paths) {
    if (!Number.isSafeInteger(entry.highestCounter) || entry.highestCounter < 0) {
      throw new RangeError(
        `FEEDBACK highestCounter must be a safe non-negative integer, got ${entry.highestCounter}`,
      );
    }
    out[at] = checkPathId(entry.pathId);
    writeU48(out, at + 1, entry.rxBytes);
    writeU48(out, at + 7, entry.rxPackets);
    writeU64(out, at + 13, entry.highestCounter);
    at += feedbackEntryBytes;
  }
}

function writeHello(frame: HelloFrame, out: Uint8Array, offset: number): void {
  const count = frame.paths.length;
  if (count > maxPaths) throw new RangeError(`HELLO lists at most ${maxPaths} paths, got ${count}`);
  if (frame.version < 1 || frame.version > 0xff) {
    throw new RangeError(`HELLO version must be 1..255, got ${frame.version}`);
  }
  out[offset] = frameTypeCode.hello;
  out[offset + 1] = frame.version;
  out[offset + 2] = frame.isReply ? 1 : 0;
  out[offset + 3] = count;
  writeU32(out, offset + 4, frame.capabilities);
  const ids = offset + helloHeaderBytes;
  let seenMask = 0;
  frame.paths.forEach((path, index) => {
    const bit = 1 << checkPathId(path.pathId);
    if ((seenMask & bit) !== 0) throw new RangeError(`HELLO lists path id ${path.pathId} twice`);
    seenMask |= bit;
    out[ids + index] = path.pathId;
    out[ids + count + index] =
      helloPriorityCodes.indexOf(path.priority) | (path.metered ? helloMeteredBit : 0);
  });
}

function checkPathId(pathId: number): number {
  if (!Number.isInteger(pathId) || pathId < 0 || pathId >= maxPaths) {
    throw new RangeError(`path ids are integers 0..${maxPaths - 1}, got ${pathId}`);
  }
  return pathId;
}

function requireRoom(out: Uint8Array, offset: number, sizeBytes: number): void {
  if (offset < 0 || offset + sizeBytes > out.length) {
    throw new RangeError(`frame needs ${sizeBytes} bytes at offset ${offset}, buffer has ${out.length}`);
  }
}
