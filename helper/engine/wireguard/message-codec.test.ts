import { describe, expect, it } from "vitest";
import {
  newCookieReply,
  newInitiation,
  newResponse,
  paddedPlaintextBytes,
  readMessageType,
  readTransportCounter,
  readTransportReceiver,
  viewInitiation,
  viewResponse,
  writeTransportHeader,
} from "./message-codec";

describe("WireGuard message layouts", () => {
  it("have WireGuard's sizes and little-endian indices", () => {
    const initiation = newInitiation(0x11223344);
    expect(initiation.bytes.length).toBe(148);
    expect([...initiation.bytes.subarray(0, 8)]).toEqual([1, 0, 0, 0, 0x44, 0x33, 0x22, 0x11]);
    expect(viewInitiation(initiation.bytes).senderIndex).toBe(0x11223344);
    const response = newResponse(7, 0xfffffffe);
    expect(response.bytes.length).toBe(92);
    expect(viewResponse(response.bytes)).toMatchObject({ senderIndex: 7, receiverIndex: 0xfffffffe });
    expect(newCookieReply(9).bytes.length).toBe(64);
  });

  it("reads the type only when the three reserved bytes are zero", () => {
    expect(readMessageType(Uint8Array.of(4, 0, 0, 0))).toBe(4);
    expect(readMessageType(Uint8Array.of(4, 0, 1, 0))).toBe(0);
    expect(readMessageType(Uint8Array.of(5, 0, 0, 0))).toBe(0);
    expect(readMessageType(Uint8Array.of(1, 0, 0))).toBe(0);
  });

  it("writes the transport counter as 64-bit little-endian and refuses to read one of 2^53 or more", () => {
    const datagram = new Uint8Array(32);
    writeTransportHeader(datagram, 0xabcdef01, 2 ** 53 - 1);
    expect([...datagram.subarray(8, 16)]).toEqual([0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x1f, 0x00]);
    expect(readTransportReceiver(datagram)).toBe(0xabcdef01);
    expect(readTransportCounter(datagram)).toBe(2 ** 53 - 1);
    datagram[14] = 0x20;
    expect(readTransportCounter(datagram)).toBe(-1);
  });

  it("pads plaintext to a multiple of 16, capped at the MTU like wireguard-go", () => {
    expect(paddedPlaintextBytes(0, 0)).toBe(0);
    expect(paddedPlaintextBytes(1, 0)).toBe(16);
    expect(paddedPlaintextBytes(1420, 0)).toBe(1424);
    expect(paddedPlaintextBytes(1419, 1420)).toBe(1420);
    expect(paddedPlaintextBytes(100, 1420)).toBe(112);
  });
});
