import { createHash } from "node:crypto";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { Blake2s, blake2sHash, blake2sMac } from "./blake2s";

const hex = (bytes: Uint8Array) => Buffer.from(bytes).toString("hex");
const ascii = (text: string) => new Uint8Array(Buffer.from(text, "latin1"));

// RFC 7693 Appendix E: deterministic input of a given length from a seed.
function selftestSequence(length: number, seed: number): Uint8Array {
  const out = new Uint8Array(length);
  let a = Math.imul(0xdead4bad, seed) >>> 0;
  let b = 1;
  for (let i = 0; i < length; i++) {
    const t = (a + b) >>> 0;
    a = b;
    b = t;
    out[i] = t >>> 24;
  }
  return out;
}

describe("BLAKE2s", () => {
  it('hashes "abc" as RFC 7693 Appendix B says', () => {
    expect(hex(blake2sHash(ascii("abc")))).toBe(
      "508c5e8c327c14e2e1a72ba34eeb452f37458b209ed63a294d999b4c86675982",
    );
  });

  it("passes RFC 7693 Appendix E self-test (keyed and unkeyed, output lengths 16/20/28/32)", () => {
    const grand = new Blake2s(32);
    for (const outBytes of [16, 20, 28, 32]) {
      for (const inBytes of [0, 3, 64, 65, 255, 1024]) {
        const input = selftestSequence(inBytes, inBytes);
        grand.update(new Blake2s(outBytes).update(input).digest());
        grand.update(blake2sMac(selftestSequence(outBytes, outBytes), input, outBytes));
      }
    }
    expect(hex(grand.digest())).toBe("6a411f08ce25adcdfb02aba641451cec53c598b24f4fc787fbdc88797f4c1dfe");
  });

  it("matches the BLAKE2 reference keyed known answers (key 00..1f)", () => {
    const key = Uint8Array.from({ length: 32 }, (_, i) => i);
    expect(hex(blake2sMac(key, new Uint8Array(0), 32))).toBe(
      "48a8997da407876b3d79c0d92325ad3b89cbb754d86ab71aee047ad345fd2c49",
    );
    expect(hex(blake2sMac(key, Uint8Array.of(0), 32))).toBe(
      "40d15fee7c328830166ac3f918650f807e7e01e177258cdc0a39b11f598066f1",
    );
  });

  it("agrees with node:crypto blake2s256 on any input, however it is split into updates", () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), fc.nat({ max: 300 }), (data, split) => {
        const cut = Math.min(split, data.length);
        const ours = new Blake2s().update(data.subarray(0, cut)).update(data.subarray(cut)).digest();
        const node = createHash("blake2s256").update(data).digest();
        expect(hex(ours)).toBe(node.toString("hex"));
      }),
      { numRuns: 200 },
    );
  });

  it("refuses output lengths and keys BLAKE2s cannot produce", () => {
    expect(() => new Blake2s(33)).toThrow(/1\.\.32/);
    expect(() => new Blake2s(32, new Uint8Array(33))).toThrow(/at most 32/);
  });
});
