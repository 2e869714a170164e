// braid:// URIs: profiles survive the round trip byte for byte, and every broken link says what is wrong with it.
import { createHash, randomBytes } from "node:crypto";
import { deflateRawSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { decodeBraidUri, encodeBraidUri, MAX_BRAID_URI_CHARS } from "./braid-uri";

const key = "yAnz5TF+lXXJte14tji3zlMNq+hd2rYUIgJBgB3fBmk=";
const peerKey = "xTIBA5rboUvnH4htodjb6e697QjLERt1NAB4mZqp8Dg=";
const profile = `# Name = laptop (Zoë's)\n[Interface]\nPrivateKey = ${key}\nAddress = 10.88.0.2/32\n\n[Braid]\nMode = redundant\nKillSwitch = on\n\n[Peer]\nPublicKey = ${peerKey}\nEndpoint = vpn.example.com:51820\nAllowedIPs = 0.0.0.0/0, ::/0\n`;

function uriOf(text: string, name?: string): string {
  const encoded = encodeBraidUri(text, name);
  if (!encoded.ok) throw new Error(encoded.error);
  return encoded.uri;
}

function decodeError(uri: string): string {
  const decoded = decodeBraidUri(uri);
  if (decoded.ok) throw new Error("expected the URI to be refused");
  return decoded.error;
}

describe("braid:// URIs", () => {
  it("round-trips a profile's exact text, its name and its settings", () => {
    const uri = uriOf(profile, "laptop");
    expect(uri).toMatch(/^braid:\/\/import\?v=1&name=laptop&sum=[A-Za-z0-9_-]{11}&profile=[A-Za-z0-9_-]+$/);
    const decoded = decodeBraidUri(uri);
    if (!decoded.ok) throw new Error(decoded.error);
    expect(decoded.text).toBe(profile);
    expect(decoded.name).toBe("laptop");
    expect(decoded.profile.braid.mode).toBe("redundant");
    expect(decoded.profile.braid.killSwitch).toBe(true);
    expect(decoded.profile.wireguard.peers[0]?.endpoint).toEqual({ host: "vpn.example.com", port: 51820 });
  });

  it("round-trips without a name, with surrounding whitespace and with base64 padding added", () => {
    const short = `[Interface]\nPrivateKey = ${key}\n`;
    const uri = uriOf(short);
    for (const variant of [
      uri,
      `  ${uri}\n`,
      `${uri}${"=".repeat((4 - ((uri.split("profile=")[1]?.length ?? 0) % 4)) % 4)}`,
    ]) {
      const decoded = decodeBraidUri(variant);
      if (!decoded.ok) throw new Error(decoded.error);
      expect(decoded.text).toBe(short);
      expect(decoded.name).toBeUndefined();
    }
  });

  it("will not encode an invalid profile, a bad name or one too big for a link", () => {
    const invalid = encodeBraidUri(`[Interface]\nPrivateKey = ${key}\nMod = bond\n`);
    expect(invalid).toEqual({ ok: false, error: 'profile line 3: unknown key "Mod" (did you mean "Mode"?)' });
    expect(encodeBraidUri(profile, "my laptop")).toMatchObject({
      ok: false,
      error: expect.stringContaining("name"),
    });
    // Random printable comments barely compress: 63 KB of them make a link over 64 KiB.
    const noise = (bytes: number) =>
      Array.from({ length: bytes / 64 }, () =>
        Array.from(randomBytes(63), (byte) => String.fromCharCode(33 + (byte % 94))).join(""),
      )
        .map((line) => `#${line}\n`)
        .join("");
    expect(encodeBraidUri(`${profile}${noise(70_016)}`)).toMatchObject({
      ok: false,
      error: expect.stringContaining("the profile is over 65536 bytes"),
    });
    const huge = `${profile}${noise(63_040)}`;
    expect(encodeBraidUri(huge)).toMatchObject({
      ok: false,
      error: expect.stringContaining("at most 65536"),
    });
  });

  it.each([
    ["https://example.com/x", 'braid:// URI: scheme "https:"; a Braid link starts with braid://import?'],
    ["[Interface]", "braid:// URI: no scheme"],
    ["braid://export?v=1&profile=AAAA", "is not an import link"],
    ["BRAID://import?v=1", "braid:// URI: no profile="],
    ["braid://import?profile=AAAA", "braid:// URI: no version (v=1)"],
    ["braid://import?v=2&profile=AAAA", "version 2 is newer than this Braid understands (1); update Braid"],
    ["braid://import?v=one&profile=AAAA", 'version "one" is not one Braid knows'],
    ["braid://import?v=1&v=1&profile=AAAA", 'parameter "v" is given twice'],
    ["braid://import?v=1&prfile=AAAA", 'unknown parameter "prfile"; version 1 has v, name, sum, profile'],
    ["braid://import?v=1&name=a/b&profile=AAAA", 'name "a/b" is not'],
    ["braid://import?v=1&profile=ab+cd", 'profile= is not base64url: character "+" at position 3'],
    ["braid://import?v=1&profile=abcde", "profile= is not whole base64url (was the link cut short?)"],
    [
      "braid://import?v=1&profile=AAAA",
      "profile= does not inflate: the link is cut short or was not made by Braid",
    ],
    [
      `braid://import?v=1&profile=${deflateRawSync(Buffer.from([0xff, 0xfe])).toString("base64url")}`,
      "profile= does not hold UTF-8 text",
    ],
    [
      `braid://import?v=1&profile=${deflateRawSync("#".repeat(70_000)).toString("base64url")}`,
      "the profile inside is over 65536 bytes",
    ],
  ])("refuses %j", (uri, message) => {
    expect(decodeError(uri)).toContain(message);
  });

  it("refuses a link over 64 KiB before decoding it", () => {
    const uri = `braid://import?v=1&profile=${"A".repeat(MAX_BRAID_URI_CHARS)}`;
    expect(decodeError(uri)).toBe(
      `braid:// URI: ${uri.length} characters, over the 65536 (64 KiB) limit; import the file instead`,
    );
  });

  it("names the line of a mistake in the profile inside", () => {
    const text = `[Interface]\nPrivateKey = ${key}\nKillSwitch = maybe\n`;
    const inside = deflateRawSync(text).toString("base64url");
    const sum = createHash("sha256").update(text).digest("base64url").slice(0, 11);
    expect(decodeError(`braid://import?v=1&sum=${sum}&profile=${inside}`)).toBe(
      'braid:// URI: the profile inside: profile line 3: KillSwitch: "maybe" is neither on nor off',
    );
  });

  it("refuses a link cut short or altered, even where what is left still parses", () => {
    const uri = uriOf(profile);
    for (const cut of [uri.slice(0, -1), uri.slice(0, -4), uri.slice(0, -40)])
      expect(decodeError(cut)).toMatch(/cut short/);
    const altered = uri.replace(/sum=[^&]+/, "sum=AAAAAAAAAAA");
    expect(decodeError(altered)).toContain("does not match its checksum");
    expect(decodeError(uri.replace(/sum=[^&]+&/, ""))).toContain("no sum=");
  });
});
