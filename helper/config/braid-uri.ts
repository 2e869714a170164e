// braid:// URIs: a whole profile in one link or QR code:
// braid://import?v=1&name=NAME&sum=CHECK&profile=BASE64URL(DEFLATE(UTF-8 text)), CHECK being the text's SHA-256 cut
// to 11 base64url characters, so a link cut short (a mangled QR scan) is refused instead of importing half a profile.
// The profile travels as its text (comments and all), so what the user imports is exactly what the server wrote;
// raw DEFLATE takes a typical client profile's QR code from 81 to 73 columns, inside an 80-column terminal.
import { createHash } from "node:crypto";
import { deflateRawSync, inflateRawSync } from "node:zlib";
import { type BraidProfile, parseBraidProfile } from "./braid-profile";

export const BRAID_URI_VERSION = 1;
/** The whole URI, as the control API's importProfile takes at most 64 KiB of text. */
export const MAX_BRAID_URI_CHARS = 65_536;
const IMPORT_PREFIX = "braid://import?";
/** The control API's profile names. */
const profileNamePattern = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;
const knownParams = ["v", "name", "sum", "profile"];
const SUM_CHARS = 11;
/** The inflated profile; far above any real one, and a bound on what a small link can inflate to. */
export const MAX_PROFILE_BYTES = 65_536;

function sumOf(text: string): string {
  return createHash("sha256").update(text, "utf8").digest("base64url").slice(0, SUM_CHARS);
}

export type BraidUriEncoding =
  | { readonly ok: true; readonly uri: string }
  | { readonly ok: false; readonly error: string };

export type BraidUriDecoding =
  | {
      readonly ok: true;
      readonly text: string;
      readonly name: string | undefined;
      readonly profile: BraidProfile;
    }
  | { readonly ok: false; readonly error: string };

/** Checks the profile and the name first, so a URI never carries something import would refuse. */
export function encodeBraidUri(profileText: string, name?: string): BraidUriEncoding {
  if (name !== undefined && !profileNamePattern.test(name))
    return { ok: false, error: `name "${name}" is not 1..64 letters, digits, '.', '_' or '-'` };
  if (Buffer.byteLength(profileText, "utf8") > MAX_PROFILE_BYTES)
    return { ok: false, error: `the profile is over ${MAX_PROFILE_BYTES} bytes, too big for a link` };
  const parsed = parseBraidProfile(profileText);
  if (!parsed.ok) return parsed;
  const payload = deflateRawSync(Buffer.from(profileText, "utf8"), { level: 9 }).toString("base64url");
  const uri = `${IMPORT_PREFIX}v=${BRAID_URI_VERSION}${name === undefined ? "" : `&name=${name}`}&sum=${sumOf(profileText)}&profile=${payload}`;
  if (uri.length > MAX_BRAID_URI_CHARS)
    return {
      ok: false,
      error: `the profile makes a ${uri.length}-character URI; a braid:// URI holds at most ${MAX_BRAID_URI_CHARS} (import the file instead)`,
    };
  return { ok: true, uri };
}

export function decodeBraidUri(input: string): BraidUriDecoding {
  const fail = (error: string): BraidUriDecoding => ({ ok: false, error: `braid:// URI: ${error}` });
  const uri = input.trim();
  if (uri.length > MAX_BRAID_URI_CHARS)
    return fail(
      `${uri.length} characters, over the ${MAX_BRAID_URI_CHARS} (64 KiB) limit; import the file instead`,
    );
  const scheme = /^([A-Za-z][A-Za-z0-9+.-]*):/.exec(uri)?.[1];
  if (scheme === undefined || scheme.toLowerCase() !== "braid")
    return fail(
      `${scheme === undefined ? "no scheme" : `scheme "${scheme}:"`}; a Braid link starts with ${IMPORT_PREFIX}`,
    );
  if (!uri.toLowerCase().startsWith(IMPORT_PREFIX))
    return fail(`"${uri.slice(0, 40)}" is not an import link; expected ${IMPORT_PREFIX}v=1&profile=...`);
  const params = new Map<string, string>();
  for (const part of uri.slice(IMPORT_PREFIX.length).split("&")) {
    const equals = part.indexOf("=");
    const key = equals < 0 ? part : part.slice(0, equals);
    if (!knownParams.includes(key))
      return fail(`unknown parameter "${key}"; version ${BRAID_URI_VERSION} has ${knownParams.join(", ")}`);
    if (params.has(key)) return fail(`parameter "${key}" is given twice`);
    params.set(key, equals < 0 ? "" : part.slice(equals + 1));
  }
  const version = params.get("v");
  if (version === undefined) return fail("no version (v=1)");
  if (version !== String(BRAID_URI_VERSION))
    return fail(
      /^\d+$/.test(version) && Number(version) > BRAID_URI_VERSION
        ? `version ${version} is newer than this Braid understands (${BRAID_URI_VERSION}); update Braid`
        : `version "${version}" is not one Braid knows; this Braid reads v=${BRAID_URI_VERSION}`,
    );
  const name = params.get("name");
  if (name !== undefined && !profileNamePattern.test(name))
    return fail(`name "${name}" is not 1..64 letters, digits, '.', '_' or '-'`);
  const payload = params.get("profile");
  if (payload === undefined || payload.length === 0) return fail("no profile= in the link");
  const text = base64UrlText(payload);
  if (typeof text !== "string") return fail(text.error);
  const sum = params.get("sum");
  if (sum === undefined) return fail("no sum= (the profile's checksum)");
  if (sum !== sumOf(text))
    return fail(
      "the profile does not match its checksum (sum=): the link is cut short or altered; copy it again",
    );
  const parsed = parseBraidProfile(text);
  if (!parsed.ok) return fail(`the profile inside: ${parsed.error}`);
  return { ok: true, text, name, profile: parsed.profile };
}

/** Strict base64url (padding tolerated) of DEFLATEd UTF-8 text; a cut or mangled link is refused, not half-read. */
function base64UrlText(payload: string): string | { error: string } {
  const unpadded = payload.replace(/={1,2}$/, "");
  const bad = /[^A-Za-z0-9_-]/.exec(unpadded);
  if (bad)
    return {
      error: `profile= is not base64url: character "${bad[0]}" at position ${bad.index + 1} (base64url uses A-Z a-z 0-9 - _)`,
    };
  const bytes = Buffer.from(unpadded, "base64url");
  if (unpadded.length % 4 === 1 || bytes.toString("base64url") !== unpadded)
    return { error: "profile= is not whole base64url (was the link cut short?)" };
  let inflated: Buffer;
  try {
    inflated = inflateRawSync(bytes, { maxOutputLength: MAX_PROFILE_BYTES });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ERR_BUFFER_TOO_LARGE")
      return { error: `the profile inside is over ${MAX_PROFILE_BYTES} bytes; import the file instead` };
    return { error: "profile= does not inflate: the link is cut short or was not made by Braid" };
  }
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(inflated);
  } catch {
    return { error: "profile= does not hold UTF-8 text" };
  }
}
