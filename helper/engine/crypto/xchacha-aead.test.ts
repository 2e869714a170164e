import { describe, expect, it } from "vitest";
import { createNodeCryptoAead } from "./aead-node";
import { createSodiumAead } from "./aead-sodium";
import { hchacha20 } from "./hchacha20";
import { createHChaChaXChaChaAead, createSodiumXChaChaAead } from "./xchacha-aead";

const bytes = (text: string) => new Uint8Array(Buffer.from(text, "hex"));
const hex = (data: Uint8Array) => Buffer.from(data).toString("hex");
const range = (from: number, count: number) => Uint8Array.from({ length: count }, (_, i) => from + i);

describe("HChaCha20", () => {
  it("matches draft-irtf-cfrg-xchacha section 2.2.1", () => {
    const subkey = hchacha20(range(0, 32), bytes("000000090000004a0000000031415927"));
    expect(hex(subkey)).toBe("82413b4227b27bfed30e42508a877d73a0f9e4d58a74a853c12ec41326d3ecdc");
  });
});

// draft-irtf-cfrg-xchacha Appendix A.3.1
const key = range(0x80, 32);
const nonce = range(0x40, 24);
const ad = bytes("50515253c0c1c2c3c4c5c6c7");
const plaintext = new Uint8Array(
  Buffer.from(
    "Ladies and Gentlemen of the class of '99: If I could offer you only one tip for the future, sunscreen would be it.",
  ),
);
const expected =
  "bd6d179d3e83d43b9576579493c0e939572a1700252bfaccbed2902c21396cbb731c7f1b0b4aa6440bf3a82f4eda7e39" +
  "ae64c6708c54c216cb96b72e1213b4522f8c9ba40db5d945b11b69b982c1bb9e3f3fac2bc369488f76b2383565d3fff9" +
  "21f9664c97637da9768812f615c68b13b52e" +
  "c0875924c1c7987947deafd8780acf49";

const sodiumXChaCha = createSodiumXChaChaAead();
const sodiumAead = createSodiumAead();
const implementations = [
  createHChaChaXChaChaAead(createNodeCryptoAead()),
  ...(sodiumAead === undefined ? [] : [createHChaChaXChaChaAead(sodiumAead)]),
  ...(sodiumXChaCha === undefined ? [] : [sodiumXChaCha]),
];

describe.each(implementations)("XChaCha20-Poly1305 ($backend)", (xchacha) => {
  it("seals and opens the draft-irtf-cfrg-xchacha A.3.1 vector", () => {
    const sealed = new Uint8Array(plaintext.length + 16);
    xchacha.seal(sealed, key, nonce, plaintext, ad);
    expect(hex(sealed)).toBe(expected);
    const opened = new Uint8Array(plaintext.length);
    expect(xchacha.open(opened, key, nonce, sealed, ad)).toBe(true);
    expect(opened).toEqual(plaintext);
    sealed[0]! ^= 0x80;
    expect(xchacha.open(opened, key, nonce, sealed, ad)).toBe(false);
  });
});
