// The simulated IPv4 packets are valid, classifiable, and parse back exactly.

import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  buildSimPacket,
  ipv4HeaderChecksumValid,
  minSimPacketBytes,
  parseSimPacket,
  SimPacket,
  simClientAddress,
  simServerAddress,
} from "./sim-ip-packet";

function tcpData(): SimPacket {
  const packet = new SimPacket();
  packet.protocol = "tcp";
  packet.kind = "tcp-data";
  packet.srcPort = 40002;
  packet.dstPort = 5201;
  packet.streamId = 2;
  packet.seq = 2 ** 40 + 3;
  packet.ack = 17;
  packet.sentAtMs = 1234.5678;
  packet.echoAtMs = 99.25;
  packet.totalBytes = 1440;
  return packet;
}

describe("sim IP packets", () => {
  it("are real IPv4 packets a flow classifier can read", () => {
    const bytes = buildSimPacket(tcpData());
    const view = new DataView(bytes.buffer);
    expect(bytes).toHaveLength(1440);
    expect(bytes[0]).toBe(0x45);
    expect(view.getUint16(2)).toBe(1440);
    expect(bytes[9]).toBe(6);
    expect(view.getUint32(12)).toBe(simClientAddress);
    expect(view.getUint32(16)).toBe(simServerAddress);
    expect(view.getUint16(20)).toBe(40002);
    expect(view.getUint16(22)).toBe(5201);
    expect(ipv4HeaderChecksumValid(bytes)).toBe(true);
  });

  it("carry UDP with a correct UDP length", () => {
    const packet = new SimPacket();
    packet.totalBytes = 300;
    const bytes = buildSimPacket(packet);
    expect(bytes[9]).toBe(17);
    expect(new DataView(bytes.buffer).getUint16(24)).toBe(280);
  });

  it("parse back to the fields they were built from", () => {
    const original = tcpData();
    const parsed = new SimPacket();
    expect(parseSimPacket(buildSimPacket(original), parsed)).toBe(true);
    expect(parsed).toEqual(original);
  });

  it("round-trip any fields (property)", () => {
    const kinds = ["bulk", "tcp-data", "tcp-ack", "probe", "probe-echo"] as const;
    fc.assert(
      fc.property(
        fc.record({
          protocol: fc.constantFrom("tcp" as const, "udp" as const),
          kind: fc.constantFrom(...kinds),
          srcPort: fc.integer({ min: 0, max: 65535 }),
          dstPort: fc.integer({ min: 0, max: 65535 }),
          streamId: fc.nat({ max: 2 ** 32 - 1 }),
          seq: fc.nat({ max: Number.MAX_SAFE_INTEGER }),
          sentAtMs: fc.double({ min: 0, max: 1e9, noNaN: true }),
          totalBytes: fc.integer({ min: 0, max: 9000 }),
        }),
        (fields) => {
          const packet = Object.assign(new SimPacket(), fields);
          const bytes = buildSimPacket(packet);
          const parsed = new SimPacket();
          expect(ipv4HeaderChecksumValid(bytes)).toBe(true);
          expect(parseSimPacket(bytes, parsed)).toBe(true);
          expect(parsed).toEqual({
            ...packet,
            totalBytes: Math.max(fields.totalBytes, minSimPacketBytes(fields.protocol)),
          });
        },
      ),
    );
  });

  it("refuse bytes that are not sim packets, without throwing", () => {
    const parsed = new SimPacket();
    const bytes = buildSimPacket(tcpData());
    expect(parseSimPacket(new Uint8Array(0), parsed)).toBe(false);
    expect(parseSimPacket(bytes.subarray(0, 60), parsed)).toBe(false);
    const ipv6 = bytes.slice();
    ipv6[0] = 0x60;
    expect(parseSimPacket(ipv6, parsed)).toBe(false);
    const foreign = bytes.slice();
    foreign[40] = 0;
    expect(parseSimPacket(foreign, parsed)).toBe(false);
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 200 }), (random) => parseSimPacket(random, parsed) === false),
    );
  });

  it("turn into the reply's fields by swapping ends", () => {
    const packet = tcpData();
    packet.reverse();
    expect([packet.srcAddress, packet.dstAddress, packet.srcPort, packet.dstPort]).toEqual([
      simServerAddress,
      simClientAddress,
      5201,
      40002,
    ]);
  });
});
