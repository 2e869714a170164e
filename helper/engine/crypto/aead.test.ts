import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { aeadTagBytes, writeCounterNonce } from "./aead";
import { availableAeads, createDefaultAead } from "./aead-backends";
import { createNodeCryptoAead } from "./aead-node";
import { createSodiumAead } from "./aead-sodium";

const bytes = (text: string) => new Uint8Array(Buffer.from(text, "hex"));
const hex = (data: Uint8Array) => Buffer.from(data).toString("hex");

// RFC 8439 section 2.8.2
const rfcKey = bytes("808182838485868788898a8b8c8d8e8f909192939495969798999a9b9c9d9e9f");
const rfcNonce = bytes("070000004041424344454647");
const rfcAd = bytes("50515253c0c1c2c3c4c5c6c7");
const rfcPlaintext = new Uint8Array(
  Buffer.from(
    "Ladies and Gentlemen of the class of '99: If I could offer you only one tip for the future, sunscreen would be it.",
  ),
);
const rfcCiphertext =
  "d31a8d34648e60db7b86afbc53ef7ec2a4aded51296e08fea9e2b5a736ee62d63dbea45e8ca9671282fafb69da92728b" +
  "1a71de0a9e060b2905d6a5b67ecd3b3692ddbd7f2d778b8c9803aee328091b58fab324e4fad675945585808b4831d7bc" +
  "3ff4def08e4b7a9de576d26586cec64b6116";
const rfcTag = "1ae10b594f09e26a7e902ecbd0600691";

const sodium = createSodiumAead();
const backends = [createNodeCryptoAead(), ...(sodium === undefined ? [] : [sodium])];

describe("ChaCha20-Poly1305", () => {
  it("sodium-native is installed here and is the default backend", () => {
    expect(sodium).toBeDefined();
    expect(createDefaultAead().backend).toBe("sodium-native");
    expect(availableAeads().map((aead) => aead.backend)).toEqual(["sodium-native", "node-crypto"]);
  });

  describe.each(backends)("$backend backend", (aead) => {
    it("seals and opens the RFC 8439 section 2.8.2 vector", () => {
      const sealed = new Uint8Array(rfcPlaintext.length + aeadTagBytes);
      aead.sealWithNonce(sealed, rfcKey, rfcNonce, rfcPlaintext, rfcAd);
      expect(hex(sealed)).toBe(rfcCiphertext + rfcTag);
      const opened = new Uint8Array(rfcPlaintext.length);
      expect(aead.openWithNonce(opened, rfcKey, rfcNonce, sealed, rfcAd)).toBe(true);
      expect(opened).toEqual(rfcPlaintext);
    });

    it("rejects a flipped bit, a wrong counter or wrong additional data without throwing", () => {
      const plaintext = new Uint8Array(64).fill(7);
      const sealed = new Uint8Array(80);
      aead.seal(sealed, rfcKey, 5, plaintext, rfcAd);
      const out = new Uint8Array(64);
      expect(aead.open(out, rfcKey, 6, sealed, rfcAd)).toBe(false);
      expect(aead.open(out, rfcKey, 5, sealed)).toBe(false);
      sealed[3]! ^= 1;
      expect(aead.open(out, rfcKey, 5, sealed, rfcAd)).toBe(false);
      expect(aead.open(new Uint8Array(0), rfcKey, 5, new Uint8Array(10))).toBe(false);
    });

    it("works in place, as transport messages are sealed and opened inside the datagram", () => {
      const datagram = new Uint8Array(16 + 48 + aeadTagBytes);
      datagram.fill(9, 16, 64);
      aead.seal(datagram.subarray(16), rfcKey, 2 ** 40 + 3, datagram.subarray(16, 64));
      expect(datagram.subarray(16, 64).every((b) => b === 9)).toBe(false);
      expect(aead.open(datagram.subarray(16, 64), rfcKey, 2 ** 40 + 3, datagram.subarray(16))).toBe(true);
      expect(datagram.subarray(16, 64).every((b) => b === 9)).toBe(true);
    });
  });

  it("both backends produce the same ciphertext for any message, counter and additional data", () => {
    if (sodium === undefined) return;
    const node = createNodeCryptoAead();
    fc.assert(
      fc.property(
        fc.uint8Array({ maxLength: 200 }),
        fc.maxSafeNat(),
        fc.uint8Array({ maxLength: 40 }),
        (plaintext, counter, ad) => {
          const a = new Uint8Array(plaintext.length + 16);
          const b = new Uint8Array(plaintext.length + 16);
          sodium.seal(a, rfcKey, counter, plaintext, ad);
          node.seal(b, rfcKey, counter, plaintext, ad);
          expect(hex(a)).toBe(hex(b));
        },
      ),
      { numRuns: 100 },
    );
  });

  it("builds WireGuard's nonce: 4 zero bytes then the 64-bit little-endian counter", () => {
    const nonce = new Uint8Array(12).fill(0xff);
    writeCounterNonce(nonce, 2 ** 52 + 0x01020304);
    expect(hex(nonce)).toBe("00000000" + "0403020100001000");
  });
});
