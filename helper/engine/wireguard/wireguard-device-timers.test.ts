import { describe, expect, it } from "vitest";
import { completeHandshake, deliver, makeDevicePair, sealed, takeInitiation } from "./device-pair-fixture";
import type { Peer } from "./peer";

const data = Uint8Array.of(0x45, 0, 0, 20);

describe("WireGuard device: timers and key lifetimes", () => {
  it("rekeys after 120 s and still accepts the old keypair until it expires at 180 s", () => {
    const pair = makeDevicePair();
    const { a, b, peerA, peerB } = pair;
    completeHandshake(pair, 0);
    const oldKeypair = (peerB as Peer).keypairs.current!;

    // B's packets on the old keypair, still in flight while the rekey happens.
    const lateAt130 = sealed(b, peerA, data, 121_000);
    const lateAt181 = sealed(b, peerA, data, 121_000);

    // A (the initiator) sends after REKEY_AFTER_TIME: the packet goes out and a new handshake starts.
    pair.clock.currentMs = 121_000;
    expect(deliver(b, sealed(a, peerB, data, 121_000), 121_000).kind).toBe("transport");
    const response = deliver(b, takeInitiation(a, 121_000), 121_000);
    if (response.kind !== "reply") throw new Error("expected response");
    const complete = deliver(a, response.datagram, 121_010);
    if (complete.kind !== "handshake-complete") throw new Error("expected completion");
    expect(deliver(b, complete.keepalive, 121_020).kind).toBe("transport");
    expect(peerA.stats.handshakesCompleted).toBe(2);
    expect((peerB as Peer).keypairs.previous).toBe(oldKeypair);

    expect(deliver(a, lateAt130, 130_000)).toMatchObject({ kind: "transport", peer: peerB });
    expect(deliver(a, lateAt181, 181_000)).toEqual({ kind: "dropped", reason: "keypair-expired" });
    // The new session carries on; the expired keypair is erased at the next tick.
    expect(deliver(b, sealed(a, peerB, data, 181_000), 181_000).kind).toBe("transport");
    a.tick(181_000);
    expect((peerB as Peer).keypairs.previous).toBeUndefined();
    expect(oldKeypair.sendKey.every((x) => x === 0) && oldKeypair.receiveKey.every((x) => x === 0)).toBe(
      true,
    );
  });

  it("refuses to send or receive on a keypair after 180 s and starts a new handshake instead", () => {
    const pair = makeDevicePair();
    const { a, b, peerA, peerB } = pair;
    completeHandshake(pair, 0);
    const sentJustInTime = sealed(b, peerA, data, 179_999);
    expect(a.encrypt(peerB, data, 180_000)).toEqual({ kind: "no-session" });
    expect(b.encrypt(peerA, data, 180_000)).toEqual({ kind: "no-session" });
    expect(deliver(a, sentJustInTime, 180_000)).toEqual({ kind: "dropped", reason: "keypair-expired" });
    expect(a.nextDeadlineMs()).toBeLessThanOrEqual(180_000);
    expect(a.tick(180_000).map((d) => d.purpose)).toEqual(["initiation"]);
  });

  it("retransmits a lost initiation every 5 s plus jitter, 20 tries in all, then gives up", () => {
    const { a, peerB } = makeDevicePair();
    a.encrypt(peerB, data, 0);
    let sentAtMs = 0;
    takeInitiation(a, 0);
    const gapsMs: number[] = [];
    // Follow the device's own deadlines, as the platform would; after giving up only key erasure is left (540 s).
    for (let nowMs = a.nextDeadlineMs(); nowMs < 200_000; nowMs = a.nextDeadlineMs()) {
      for (const datagram of a.tick(nowMs)) {
        if (datagram.purpose === "initiation") {
          gapsMs.push(nowMs - sentAtMs);
          sentAtMs = nowMs;
        }
      }
    }
    expect(gapsMs.length).toBe(19);
    for (const gapMs of gapsMs) {
      expect(gapMs).toBeGreaterThanOrEqual(5000);
      expect(gapMs).toBeLessThan(5334);
    }
  });

  it("answers received data with a keepalive after 10 s when it has nothing to send", () => {
    const pair = makeDevicePair();
    const { a, b, peerA, peerB } = pair;
    completeHandshake(pair, 0);
    deliver(b, sealed(a, peerB, data, 1000), 1000);
    expect(b.tick(10_999)).toEqual([]);
    const out = b.tick(11_000);
    expect(out.map((d) => [d.purpose, d.peer, d.datagram.length])).toEqual([["keepalive", peerA, 32]]);

    // Had B sent anything meanwhile, no keepalive would be needed.
    deliver(b, sealed(a, peerB, data, 20_000), 20_000);
    deliver(a, sealed(b, peerA, data, 21_000), 21_000);
    expect(b.tick(30_000).filter((d) => d.purpose === "keepalive")).toEqual([]);
  });

  it("starts a new handshake when data it sent gets no answer within 15 s", () => {
    const pair = makeDevicePair();
    const { a, peerB } = pair;
    completeHandshake(pair, 0);
    sealed(a, peerB, data, 10_000); // lost, and B never answers
    expect(a.tick(24_999)).toEqual([]);
    const deadlineMs = a.nextDeadlineMs();
    expect(deadlineMs).toBeGreaterThanOrEqual(25_000);
    expect(deadlineMs).toBeLessThan(25_334);
    expect(a.tick(deadlineMs).map((d) => d.purpose)).toEqual(["initiation"]);
  });

  it("with persistent keepalive, handshakes at once and keeps the path warm every interval", () => {
    const pair = makeDevicePair({ persistentKeepaliveSecOnA: 25 });
    const { a, b, peerB } = pair;
    expect(a.nextDeadlineMs()).toBe(0);
    const response = deliver(b, takeInitiation(a, 0), 0);
    if (response.kind !== "reply") throw new Error("expected response");
    const complete = deliver(a, response.datagram, 5);
    if (complete.kind !== "handshake-complete") throw new Error("expected completion");
    deliver(b, complete.keepalive, 5);
    expect(a.nextDeadlineMs()).toBe(25_005);
    expect(a.tick(25_005).map((d) => [d.purpose, d.peer])).toEqual([["keepalive", peerB]]);
    expect(a.nextDeadlineMs()).toBe(50_005);
  });

  it("erases every key 9 minutes after the last handshake when no new one happens", () => {
    const pair = makeDevicePair();
    const { a, peerB } = pair;
    completeHandshake(pair, 0);
    const keypair = (peerB as Peer).keypairs.current!;
    a.tick(539_999);
    a.tick(540_000);
    expect((peerB as Peer).keypairs.current).toBeUndefined();
    expect(keypair.sendKey.every((x) => x === 0)).toBe(true);
    expect(a.nextDeadlineMs()).toBe(Number.POSITIVE_INFINITY);
  });
});
