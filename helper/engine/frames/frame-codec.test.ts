import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { decodeFrame, decodePlaintext } from "./frame-decode";
import { encodeDataHeader, encodeFrame, frameSizeBytes, probeEchoFor } from "./frame-encode";
import { dataHeaderBytes, type Frame, type ProbeFrame, probeMinBytes } from "./frame-types";
import { ipv4Packet } from "./ip-packet-fixtures";

const pathIdArb = fc.integer({ min: 0, max: 31 });
const u24Arb = fc.integer({ min: 0, max: 0xff_ffff });
const u32Arb = fc.integer({ min: 0, max: 0xffff_ffff });
const u48Arb = fc.integer({ min: 0, max: 2 ** 48 - 1 });
/** Timestamps are carried with microsecond resolution, so generate whole microseconds. */
const timestampArb = u48Arb.map((micros) => micros / 1000);

/** Random bytes made into an IPv4 or IPv6 packet by setting version and length fields. */
const ipPacketArb = fc
  .tuple(
    fc.boolean(),
    fc.integer({ min: 41, max: 1500 }),
    fc.uint8Array({ minLength: 1500, maxLength: 1500 }),
  )
  .map(([v4, sizeBytes, noise]) => {
    const p = noise.slice(0, sizeBytes);
    if (v4) {
      p[0] = 0x45;
      p[2] = sizeBytes >>> 8;
      p[3] = sizeBytes & 0xff;
    } else {
      p[0] = 0x60 | (p[0]! & 0x0f);
      p[4] = (sizeBytes - 40) >>> 8;
      p[5] = (sizeBytes - 40) & 0xff;
    }
    return p;
  });

const dataArb = fc.record({
  type: fc.constant("data" as const),
  flags: fc.integer({ min: 0, max: 255 }),
  flowId: u24Arb,
  flowSeq: u24Arb,
  activePathMask: u32Arb,
  packet: ipPacketArb,
});
const probeArb = fc.record({
  type: fc.constant("probe" as const),
  pathId: pathIdArb,
  probeId: u32Arb,
  sentAtMs: timestampArb,
  sizeBytes: fc.integer({ min: probeMinBytes, max: 1600 }),
});
const echoArb = fc.record({
  type: fc.constant("probe-echo" as const),
  pathId: pathIdArb,
  probeId: u32Arb,
  probeSentAtMs: timestampArb,
  receivedAtMs: timestampArb,
  probeSizeBytes: fc.integer({ min: 0, max: 0xffff }),
});
const feedbackArb = fc.record({
  type: fc.constant("feedback" as const),
  sentAtMs: timestampArb,
  paths: fc.array(
    fc.record({ pathId: pathIdArb, rxBytes: u48Arb, rxPackets: u48Arb, highestCounter: fc.maxSafeNat() }),
    { maxLength: 32 },
  ),
});
const helloArb = fc.record({
  type: fc.constant("hello" as const),
  version: fc.integer({ min: 1, max: 255 }),
  isReply: fc.boolean(),
  capabilities: u32Arb,
  paths: fc.uniqueArray(
    fc.record({
      pathId: pathIdArb,
      priority: fc.constantFrom("primary" as const, "secondary" as const, "backup" as const),
      metered: fc.boolean(),
    }),
    { maxLength: 32, selector: (path) => path.pathId },
  ),
});
const frameArb: fc.Arbitrary<Frame> = fc.oneof(dataArb, probeArb, echoArb, feedbackArb, helloArb);

function encode(frame: Frame): Uint8Array {
  const out = new Uint8Array(frameSizeBytes(frame));
  expect(encodeFrame(frame, out)).toBe(out.length);
  return out;
}

/** WireGuard pads every plaintext with zeros to a multiple of 16 bytes. */
function wireGuardPadded(bytes: Uint8Array): Uint8Array {
  const padded = new Uint8Array(Math.ceil(bytes.length / 16) * 16);
  padded.set(bytes);
  return padded;
}

describe("Braid frame codec", () => {
  it("decodes every encoded frame back to the same frame", () => {
    fc.assert(
      fc.property(frameArb, (frame) => {
        expect(decodeFrame(encode(frame))).toEqual({ ok: true, frame });
      }),
    );
  });

  it("still decodes the same frame after WireGuard's zero padding (probes report the padded size)", () => {
    fc.assert(
      fc.property(frameArb, (frame) => {
        const padded = wireGuardPadded(encode(frame));
        const expected = frame.type === "probe" ? { ...frame, sizeBytes: padded.length } : frame;
        expect(decodePlaintext(padded)).toEqual({ kind: "frame", frame: expected });
      }),
    );
  });

  it("never throws on arbitrary bytes and always returns a typed result", () => {
    const anyBytes = fc.uint8Array({ maxLength: 300 });
    const braidLooking = fc
      .tuple(fc.integer({ min: 0x10, max: 0x1f }), fc.uint8Array({ maxLength: 300 }))
      .map(([type, rest]) => Uint8Array.of(type, ...rest));
    fc.assert(
      fc.property(fc.oneof(anyBytes, braidLooking), (bytes) => {
        const result = decodePlaintext(bytes);
        expect(["keepalive", "ip", "frame", "invalid"]).toContain(result.kind);
      }),
      { numRuns: 5000 },
    );
  });

  it("uses type bytes whose first nibble a stock WireGuard peer drops", () => {
    fc.assert(
      fc.property(frameArb, (frame) => {
        expect(encode(frame)[0]! >>> 4).toBe(1);
      }),
    );
  });

  it("recognises a bare IPv4 packet as stock-mode traffic and trims WireGuard's padding", () => {
    const packet = ipv4Packet({ src: [10, 0, 0, 2], dst: [1, 1, 1, 1], protocol: 6, totalBytes: 60 });
    const result = decodePlaintext(wireGuardPadded(packet));
    expect(result).toEqual({ kind: "ip", packet });
  });

  it("treats an empty plaintext as a keepalive", () => {
    expect(decodePlaintext(new Uint8Array(0))).toEqual({ kind: "keepalive" });
  });

  it("writes the DATA header in place in front of a packet read with headroom", () => {
    const packet = ipv4Packet({ src: [10, 0, 0, 2], dst: [8, 8, 8, 8], protocol: 17, totalBytes: 100 });
    const buffer = new Uint8Array(dataHeaderBytes + packet.length);
    buffer.set(packet, dataHeaderBytes);
    const header = { flowId: 0xabcdef, flowSeq: 0xffffff, activePathMask: 0x8000_0001, flags: 1 };
    expect(encodeDataHeader(header, buffer)).toBe(12);
    expect(decodeFrame(buffer)).toEqual({ ok: true, frame: { type: "data", ...header, packet } });
  });

  it("reads a HELLO cut after its path ids as all-primary, unmetered paths", () => {
    expect(decodeFrame(Uint8Array.of(0x14, 1, 0, 2, 0, 0, 0, 15, 3, 7))).toEqual({
      ok: true,
      frame: {
        type: "hello",
        version: 1,
        isReply: false,
        capabilities: 15,
        paths: [
          { pathId: 3, priority: "primary", metered: false },
          { pathId: 7, priority: "primary", metered: false },
        ],
      },
    });
  });

  it("carries each path's priority and metering in a HELLO", () => {
    const frame: Frame = {
      type: "hello",
      version: 1,
      isReply: false,
      capabilities: 15,
      paths: [
        { pathId: 0, priority: "primary", metered: false },
        { pathId: 1, priority: "backup", metered: true },
        { pathId: 2, priority: "secondary", metered: false },
      ],
    };
    const bytes = encode(frame);
    expect([...bytes.subarray(8)]).toEqual([0, 1, 2, 0, 0x02 | 0x04, 0x01]);
    expect(decodeFrame(bytes)).toEqual({ ok: true, frame });
  });

  it("reports truncated, unknown and malformed frames as typed errors", () => {
    expect(decodeFrame(Uint8Array.of(0x10, 0, 1, 2))).toEqual({
      ok: false,
      error: { kind: "truncated", frameType: "data", needBytes: 12 },
    });
    expect(decodeFrame(Uint8Array.of(0x1f, 1, 2, 3))).toEqual({
      ok: false,
      error: { kind: "unknown-type", typeByte: 0x1f },
    });
    const helloWithBadPath = Uint8Array.of(0x14, 1, 0, 1, 0, 0, 0, 1, 40);
    expect(decodeFrame(helloWithBadPath)).toEqual({
      ok: false,
      error: { kind: "bad-field", frameType: "hello", field: "pathIds" },
    });
    const helloWithBadAttributes = Uint8Array.of(0x14, 1, 0, 1, 0, 0, 0, 1, 3, 0x03);
    expect(decodeFrame(helloWithBadAttributes)).toEqual({
      ok: false,
      error: { kind: "bad-field", frameType: "hello", field: "pathAttributes" },
    });
    const dataWithShortPacket = new Uint8Array(12 + 20);
    dataWithShortPacket[0] = 0x10;
    dataWithShortPacket.set(
      ipv4Packet({ src: [1, 2, 3, 4], dst: [5, 6, 7, 8], protocol: 6, totalBytes: 20 }),
      12,
    );
    dataWithShortPacket[12 + 3] = 200; // claims 200 bytes, only 20 follow
    const result = decodeFrame(dataWithShortPacket);
    expect(result.ok ? "decoded" : result.error.kind).toBe("bad-length");
  });

  it("never makes a probe echo larger than the probe it answers", () => {
    const requestedSize = fc.integer({ min: 0, max: 2000 });
    fc.assert(
      fc.property(probeArb, requestedSize, timestampArb, (probe, sizeBytes, nowMs) => {
        const sent = encode({ ...probe, sizeBytes });
        const received = decodeFrame(sent);
        if (!received.ok || received.frame.type !== "probe") throw new Error("probe did not decode");
        const echo = encode(probeEchoFor(received.frame, nowMs));
        expect(echo.length).toBeLessThanOrEqual(sent.length);
      }),
    );
    const tinyProbe: ProbeFrame = { type: "probe", pathId: 0, probeId: 1, sentAtMs: 0, sizeBytes: 0 };
    expect(frameSizeBytes(tinyProbe)).toBe(probeMinBytes);
  });

  it("echoes the probe's id, send time and received size for RTT and path MTU discovery", () => {
    const probe: ProbeFrame = { type: "probe", pathId: 3, probeId: 77, sentAtMs: 1234.567, sizeBytes: 1400 };
    const received = decodeFrame(encode(probe));
    if (!received.ok || received.frame.type !== "probe") throw new Error("probe did not decode");
    expect(probeEchoFor(received.frame, 99.5)).toEqual({
      type: "probe-echo",
      pathId: 3,
      probeId: 77,
      probeSentAtMs: 1234.567,
      receivedAtMs: 99.5,
      probeSizeBytes: 1400,
    });
  });
});
