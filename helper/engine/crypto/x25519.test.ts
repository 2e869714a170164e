import { describe, expect, it } from "vitest";
import { SeededRandom } from "../testing/seeded-random";
import { generatePrivateKey, publicKey, sharedSecret } from "./x25519";

const bytes = (text: string) => new Uint8Array(Buffer.from(text, "hex"));
const hex = (data: Uint8Array | undefined) =>
  data === undefined ? "none" : Buffer.from(data).toString("hex");
const base64 = (data: Uint8Array) => Buffer.from(data).toString("base64");

describe("X25519", () => {
  it("computes RFC 7748 section 5.2 scalar multiplications", () => {
    expect(
      hex(
        sharedSecret(
          bytes("a546e36bf0527c9d3b16154b82465edd62144c0ac1fc5a18506a2244ba449ac4"),
          bytes("e6db6867583030db3594c1a424b15f7c726624ec26b3353b10a903a6d0ab1c4c"),
        ),
      ),
    ).toBe("c3da55379de9c6908e94ea4df28d084f32eccf03491c71f754b4075577a28552");
    expect(
      hex(
        sharedSecret(
          bytes("4b66e9d4d1b4673c5ad22691957d6af5c11b6421e0ea01d42ca4169e7918ba0d"),
          bytes("e5210f12786811d3f4b7959d0538ae2c31dbe7106fc03c3efc4cd549c715a493"),
        ),
      ),
    ).toBe("95cbde9476e8907d7aade45cb4b873f88b595a68799fa152e6f8f7647aac7957");
  });

  it("reproduces RFC 7748 section 6.1 (Alice and Bob)", () => {
    const alice = bytes("77076d0a7318a57d3c16c17251b26645df4c2f87ebc0992ab177fba51db92c2a");
    const bob = bytes("5dab087e624a8a4b79e17f8b83800ee66f3bb1292618b6fd1c2f8b27ff88e0eb");
    expect(hex(publicKey(alice))).toBe("8520f0098930a754748b7ddcb43ef75a0dbf3a0d26381af4eba4a98eaa9b4e6a");
    expect(hex(publicKey(bob))).toBe("de9edb7d7b7dc1b4d35b61c2ece435373f8343c85b78674dadfc7e146f882b4f");
    const shared = "4a5d9d5ba4ce2de1728e3bf480350f25e07e21c947d19e3376f09b3c1e161742";
    expect(hex(sharedSecret(alice, publicKey(bob)))).toBe(shared);
    expect(hex(sharedSecret(bob, publicKey(alice)))).toBe(shared);
  });

  it("derives the same public keys as `wg pubkey` (wireguard-tools v1.0.20210914)", () => {
    // echo <private> | wg pubkey, run on this machine
    const pairs = [
      ["dwdtCnMYpX08FsFyUbJmRd9ML4frwJkqsXf7pR25LCo=", "hSDwCYkwp1R0i33ctD73Wg2/Og0mOBr066SpjqqbTmo="],
      ["yAnz5TF+lXXJte14tji3zlMNq+hd2rYUIgJBgB3fBmk=", "HIgo9xNzJMWLKASShiTqIybxZ0U3wGLiUeJ1PKf8ykw="],
    ];
    for (const [privateText, publicText] of pairs) {
      expect(base64(publicKey(new Uint8Array(Buffer.from(privateText!, "base64"))))).toBe(publicText);
    }
  });

  it("generates clamped private keys as `wg genkey` does", () => {
    const random = new SeededRandom(7);
    for (let i = 0; i < 20; i++) {
      const key = generatePrivateKey(random);
      expect(key[0]! & 7).toBe(0);
      expect(key[31]! & 0xc0).toBe(0x40);
    }
  });

  it("rejects a low-order public key whose shared secret is all zeros", () => {
    const alice = bytes("77076d0a7318a57d3c16c17251b26645df4c2f87ebc0992ab177fba51db92c2a");
    expect(sharedSecret(alice, new Uint8Array(32))).toBeUndefined();
    expect(sharedSecret(alice, Uint8Array.of(1, ...new Uint8Array(31)))).toBeUndefined();
    expect(sharedSecret(alice, new Uint8Array(31))).toBeUndefined();
  });
});
