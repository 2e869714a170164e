import { describe, expect, it } from "vitest";
import { createDefaultXChaChaAead } from "../crypto/xchacha-aead";
import { SeededRandom } from "../testing/seeded-random";
import { CookieChecker, CookieGenerator } from "./cookie";
import { newInitiation, viewCookieReply } from "./message-codec";

const receiverKey = new Uint8Array(32).fill(0x21);
const source = new TextEncoder().encode("192.0.2.10|51000");
const xaead = createDefaultXChaChaAead();

function setup() {
  const checker = new CookieChecker(receiverKey, xaead, new SeededRandom(3));
  const generator = new CookieGenerator(receiverKey, xaead);
  const message = () => {
    const bytes = newInitiation(77).bytes;
    bytes.fill(0x5a, 8, 116);
    return bytes;
  };
  return { checker, generator, message };
}

describe("mac1, mac2 and cookies", () => {
  it("mac1 authenticates the whole message to the receiver's public key", () => {
    const { checker, generator, message } = setup();
    const sent = message();
    generator.addMacs(sent, 0);
    expect(checker.checkMac1(sent)).toBe(true);
    sent[50]! ^= 1;
    expect(checker.checkMac1(sent)).toBe(false);
    const forSomeoneElse = message();
    new CookieGenerator(new Uint8Array(32).fill(0x22), xaead).addMacs(forSomeoneElse, 0);
    expect(checker.checkMac1(forSomeoneElse)).toBe(false);
  });

  it("a cookie reply lets the sender add a mac2 the checker accepts, for 120 s on the sender's side", () => {
    const { checker, generator, message } = setup();
    const first = message();
    generator.addMacs(first, 0);
    expect([...first.subarray(132)].every((b) => b === 0)).toBe(true);
    expect(checker.checkMac2(first, source, 0)).toBe(false);

    const reply = checker.createReply(first, source, 0);
    expect(reply.length).toBe(64);
    expect(generator.consumeReply(viewCookieReply(reply), 10)).toBe(true);

    const second = message();
    generator.addMacs(second, 100);
    expect(checker.checkMac2(second, source, 100)).toBe(true);
    expect(checker.checkMac2(second, new TextEncoder().encode("203.0.113.9|1"), 100)).toBe(false);

    const late = message();
    generator.addMacs(late, 120_011);
    expect([...late.subarray(132)].every((b) => b === 0)).toBe(true);
  });

  it("refuses a cookie reply that does not answer the sender's last message", () => {
    const { checker, generator, message } = setup();
    const first = message();
    const stranger = message();
    new CookieGenerator(receiverKey, xaead).addMacs(stranger, 0);
    stranger[20]! ^= 1;
    new CookieGenerator(receiverKey, xaead).addMacs(stranger, 0);
    expect(generator.consumeReply(viewCookieReply(checker.createReply(first, source, 0)), 0)).toBe(false);
    generator.addMacs(first, 0);
    expect(generator.consumeReply(viewCookieReply(checker.createReply(stranger, source, 0)), 0)).toBe(false);
  });

  it("stops honouring cookies once its secret is older than 120 s, and rotates it for new replies", () => {
    const { checker, generator, message } = setup();
    const first = message();
    generator.addMacs(first, 0);
    generator.consumeReply(viewCookieReply(checker.createReply(first, source, 0)), 0);
    const withMac2 = message();
    generator.addMacs(withMac2, 119_000);
    expect(checker.checkMac2(withMac2, source, 120_000)).toBe(true);
    expect(checker.checkMac2(withMac2, source, 120_001)).toBe(false);

    generator.consumeReply(viewCookieReply(checker.createReply(withMac2, source, 130_000)), 130_000);
    const renewed = message();
    generator.addMacs(renewed, 130_000);
    expect(checker.checkMac2(renewed, source, 130_000)).toBe(true);
  });
});
