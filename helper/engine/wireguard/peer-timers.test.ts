import { describe, expect, it } from "vitest";
import {
  PeerTimers,
  timerNewHandshake,
  timerPersistentKeepalive,
  timerRetransmitHandshake,
  timerSendKeepalive,
} from "./peer-timers";

const fixedJitter = () => 100;

describe("peer timers", () => {
  it("answers received data with a keepalive after 10 s unless something is sent first", () => {
    const timers = new PeerTimers(fixedJitter, 0);
    timers.dataReceived(1000);
    expect(timers.nextDeadlineMs()).toBe(11_000);
    expect(timers.takeExpired(10_999)).toBe(0);
    expect(timers.takeExpired(11_000)).toBe(timerSendKeepalive);

    timers.dataReceived(20_000);
    timers.anyAuthenticatedPacketSent();
    expect(timers.nextDeadlineMs()).toBe(Number.POSITIVE_INFINITY);
  });

  it("sends one more keepalive when data kept arriving while one was pending", () => {
    const timers = new PeerTimers(fixedJitter, 0);
    timers.dataReceived(0);
    timers.dataReceived(5000);
    expect(timers.takeExpired(10_000)).toBe(timerSendKeepalive);
    timers.anyAuthenticatedPacketSent();
    timers.keepaliveSent(10_000);
    expect(timers.nextDeadlineMs()).toBe(20_000);
  });

  it("asks for a new handshake 15 s (plus jitter) after sending data that got no answer", () => {
    const timers = new PeerTimers(fixedJitter, 0);
    timers.dataSent(0);
    timers.dataSent(3000);
    expect(timers.nextDeadlineMs()).toBe(15_100);
    expect(timers.takeExpired(15_100)).toBe(timerNewHandshake);
    timers.dataSent(20_000);
    timers.anyAuthenticatedPacketReceived();
    expect(timers.isPending(timerNewHandshake)).toBe(false);
  });

  it("retransmits an initiation 5 s (plus jitter) later, 18 times, then gives up", () => {
    const timers = new PeerTimers(fixedJitter, 0);
    timers.handshakeInitiated(0);
    expect(timers.takeExpired(5100)).toBe(timerRetransmitHandshake);
    let retries = 0;
    while (timers.retryHandshake()) retries++;
    expect(retries).toBe(19);
    timers.handshakeComplete();
    expect(timers.handshakeAttempts).toBe(0);
  });

  it("keeps a persistent keepalive interval after any authenticated traffic", () => {
    const timers = new PeerTimers(fixedJitter, 25_000);
    timers.startPersistentKeepalive(0);
    expect(timers.takeExpired(0)).toBe(timerPersistentKeepalive);
    timers.anyAuthenticatedPacketTraversal(7000);
    expect(timers.nextDeadlineMs()).toBe(32_000);
  });
});
