// What a user hands Braid as a profile (`braid profile check`, the control API's importProfile): the profile's text,
// or a braid:// link to it (also when saved in a file), read the same way either way.
import { type BraidProfile, parseBraidProfile } from "./braid-profile";
import { decodeBraidUri } from "./braid-uri";

export type ProfileInput =
  | {
      readonly ok: true;
      readonly profile: BraidProfile;
      /** The profile's own text (a link's is decoded). */
      readonly text: string;
      /** The link's name=, when it came as a link that had one. */
      readonly name: string | undefined;
    }
  | { readonly ok: false; readonly error: string };

export const isBraidLink = (text: string): boolean => /^\s*braid:/i.test(text);

export function parseProfileInput(input: string): ProfileInput {
  if (isBraidLink(input)) return decodeBraidUri(input);
  const parsed = parseBraidProfile(input);
  return parsed.ok ? { ok: true, profile: parsed.profile, text: input, name: undefined } : parsed;
}
