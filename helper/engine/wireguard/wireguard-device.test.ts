import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  completeHandshake,
  deliver,
  endpointA,
  makeDevicePair,
  sealed,
  takeInitiation,
} from "./device-pair-fixture";

const bytes = (...values: number[]) => Uint8Array.from(values);

describe("WireGuard device: handshake and transport", () => {
  it("completes a handshake over in-memory delivery and carries data both ways", () => {
    const pair = makeDevicePair();
    const { a, b, peerA, peerB } = pair;
    expect(a.encrypt(peerB, bytes(0x45, 1, 2), 0).kind).toBe("no-session");

    const initiation = takeInitiation(a, 0);
    expect(initiation.length).toBe(148);
    const response = deliver(b, initiation, 10);
    expect(response).toMatchObject({ kind: "reply", peer: peerA });
    if (response.kind !== "reply") return;
    expect(response.datagram.length).toBe(92);
    // The responder must not send before the initiator proved it has the keys.
    expect(b.hasSession(peerA, 10)).toBe(false);

    const complete = deliver(a, response.datagram, 20);
    expect(complete).toMatchObject({ kind: "handshake-complete", peer: peerB });
    if (complete.kind !== "handshake-complete") return;
    expect(a.hasSession(peerB, 20)).toBe(true);
    expect(deliver(b, complete.keepalive, 30)).toMatchObject({ kind: "transport", peer: peerA, counter: 0 });
    expect(b.hasSession(peerA, 30)).toBe(true);

    const toB = deliver(b, sealed(a, peerB, bytes(0x45, 1, 2, 3), 40), 40);
    expect(toB).toMatchObject({ kind: "transport", peer: peerA, counter: 1 });
    if (toB.kind === "transport") {
      // Zero padding up to 16 bytes travels with the packet; the IP header gives the real length.
      expect([...toB.plaintext]).toEqual([0x45, 1, 2, 3, ...new Array(12).fill(0)]);
    }
    const toA = deliver(a, sealed(b, peerA, bytes(0x60, 9), 50), 50);
    expect(toA).toMatchObject({ kind: "transport", peer: peerB, counter: 0 });

    const keepalive = sealed(b, peerA, new Uint8Array(0), 60);
    expect(keepalive.length).toBe(32);
    const received = deliver(a, keepalive, 60);
    expect(received.kind === "transport" && received.plaintext.length).toBe(0);

    expect(peerA.stats.handshakesCompleted).toBe(1);
    expect(peerB.stats.handshakesCompleted).toBe(1);
    expect(peerB.stats.lastHandshakeUnixMs).toBe(1_700_000_000_000);
    expect(peerA.stats.rxBytes).toBe(148 + 32 + 48);
  });

  it("uses the preshared key: matching keys work, a mismatch fails the handshake", () => {
    const psk = new Uint8Array(32).fill(3);
    const matching = makeDevicePair({ presharedKey: psk });
    completeHandshake(matching, 0);
    expect(matching.a.hasSession(matching.peerB, 0)).toBe(true);

    const mismatched = makeDevicePair({ presharedKey: psk, presharedKeyOnB: new Uint8Array(32) });
    mismatched.a.encrypt(mismatched.peerB, new Uint8Array(0), 0);
    const response = deliver(mismatched.b, takeInitiation(mismatched.a, 0), 0);
    expect(response.kind).toBe("reply");
    if (response.kind !== "reply") return;
    expect(deliver(mismatched.a, response.datagram, 0)).toEqual({
      kind: "dropped",
      reason: "handshake-failed",
    });
  });

  it("rejects a replayed transport message and counts it, reporting only that an authentic copy arrived", () => {
    const pair = makeDevicePair();
    completeHandshake(pair, 0);
    const datagram = sealed(pair.a, pair.peerB, bytes(0x45, 0, 0, 20), 1);
    const copy = datagram.slice(); // the same ciphertext sent on a second path
    const first = deliver(pair.b, datagram, 1);
    expect(first.kind).toBe("transport");
    const replay = deliver(pair.b, copy, 2);
    // No plaintext comes out of a replay; the send order lets Braid count the copy's path as alive.
    expect(replay).toEqual({
      kind: "duplicate",
      peer: pair.peerA,
      sendOrder: first.kind === "transport" ? first.sendOrder : -1,
    });
    expect(pair.peerA.stats.drops.replay).toBe(1);
    expect(pair.b.drops.replay).toBe(1);
  });

  it("rejects a replayed initiation (same TAI64N) without answering it", () => {
    const { a, b, peerB, peerA } = makeDevicePair();
    a.encrypt(peerB, new Uint8Array(0), 0);
    const initiation = takeInitiation(a, 0);
    expect(deliver(b, initiation, 0).kind).toBe("reply");
    expect(deliver(b, initiation, 500)).toEqual({ kind: "dropped", reason: "stale-timestamp" });
    expect(peerA.stats.drops["stale-timestamp"]).toBe(1);
  });

  it("drops a handshake message with a bad mac1 before any public-key work", () => {
    const { a, b, peerB } = makeDevicePair();
    a.encrypt(peerB, new Uint8Array(0), 0);
    const initiation = takeInitiation(a, 0);
    initiation[120]! ^= 1;
    expect(deliver(b, initiation, 0)).toEqual({ kind: "dropped", reason: "bad-mac1" });
    // An initiation meant for someone else has a mac1 keyed to their public key.
    const other = makeDevicePair({ seed: 2 });
    other.a.encrypt(other.peerB, new Uint8Array(0), 0);
    expect(deliver(b, takeInitiation(other.a, 0), 0)).toEqual({ kind: "dropped", reason: "bad-mac1" });
  });

  it("drops transport messages with a forged tag or an unknown receiver index", () => {
    const pair = makeDevicePair();
    completeHandshake(pair, 0);
    const datagram = sealed(pair.a, pair.peerB, bytes(0x45), 1);
    const forged = datagram.slice();
    forged[20]! ^= 1;
    expect(deliver(pair.b, forged, 1)).toEqual({ kind: "dropped", reason: "decrypt-failed" });
    const misdirected = datagram.slice();
    misdirected[4]! ^= 0xff;
    expect(deliver(pair.b, misdirected, 1)).toEqual({ kind: "dropped", reason: "unknown-index" });
    // The genuine one still gets through: a forgery must not burn its counter.
    expect(deliver(pair.b, datagram, 1).kind).toBe("transport");
  });

  it("accepts 50 initiations from a peer within a second and drops the 51st", () => {
    const { a, b, peerB, clock } = makeDevicePair();
    const initiations: Uint8Array[] = [];
    for (let i = 0; i < 52; i++) {
      clock.currentMs = i * 5000; // A paces its initiations (REKEY_TIMEOUT); timestamps keep increasing
      a.encrypt(peerB, new Uint8Array(0), clock.currentMs);
      initiations.push(takeInitiation(a, clock.currentMs));
    }
    const atMs = 1_000_000;
    for (let i = 0; i < 50; i++) expect(deliver(b, initiations[i]!, atMs + i * 19).kind).toBe("reply");
    expect(deliver(b, initiations[50]!, atMs + 50 * 19)).toEqual({
      kind: "dropped",
      reason: "initiation-flood",
    });
    expect(deliver(b, initiations[51]!, atMs + 1000).kind).toBe("reply");
  });

  it("under load answers an initiation without mac2 with a cookie, then accepts the retry carrying mac2", () => {
    const pair = makeDevicePair({ bUnderLoad: () => true });
    const { a, b, peerB, peerA } = pair;
    a.encrypt(peerB, new Uint8Array(0), 0);
    const first = takeInitiation(a, 0);
    const cookieReply = deliver(b, first, 0);
    expect(cookieReply).toMatchObject({ kind: "reply", peer: undefined });
    if (cookieReply.kind !== "reply") return;
    expect(cookieReply.datagram.length).toBe(64);
    expect(peerA.stats.handshakesCompleted).toBe(0);
    expect(deliver(a, cookieReply.datagram, 10)).toEqual({ kind: "cookie", peer: peerB });

    // The retransmission timer resends, now with mac2 bound to A's address.
    const retry = a.tick(5400).find((d) => d.purpose === "initiation");
    expect(retry).toBeDefined();
    if (retry === undefined) return;
    const fromElsewhere = deliver(b, retry.datagram, 5400, { address: "203.0.113.9", port: 4000 });
    expect(fromElsewhere).toMatchObject({ kind: "reply", peer: undefined });
    const response = deliver(b, retry.datagram, 5400, endpointA);
    expect(response).toMatchObject({ kind: "reply", peer: peerA });
    if (response.kind !== "reply") return;
    expect(deliver(a, response.datagram, 5410).kind).toBe("handshake-complete");
  });

  it("never throws on truncated or garbage datagrams of any length 0..200, and drops them", () => {
    const pair = makeDevicePair();
    completeHandshake(pair, 0);
    pair.a.encrypt(pair.peerB, new Uint8Array(0), 200_000);
    const genuine = [
      takeInitiation(pair.a, 200_000),
      sealed(pair.b, pair.peerA, bytes(0x45, 1, 2, 3, 4), 1000),
    ];
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 200 }),
        fc.uint8Array({ minLength: 200, maxLength: 200 }),
        fc.constantFrom(-1, 0, 1, 2, 3, 4),
        (length, noise, shape) => {
          let datagram: Uint8Array;
          if (shape === -1) datagram = noise.slice(0, length);
          else if (shape === 0) datagram = genuine[0]!.slice(0, Math.min(length, 147));
          else {
            datagram = noise.slice(0, length);
            // A plausible header makes the garbage reach the deeper parsers.
            datagram.set([shape, 0, 0, 0].slice(0, length));
            if (shape === 4 && length >= 8) datagram.set(genuine[1]!.subarray(4, 8), 4);
          }
          for (const device of [pair.a, pair.b]) {
            expect(device.receive(datagram.slice(), 1000).kind).toBe("dropped");
          }
        },
      ),
      { numRuns: 1000 },
    );
    for (let length = 0; length <= 200; length++) {
      expect(pair.b.receive(new Uint8Array(length), 1000).kind).toBe("dropped");
    }
  });
});
