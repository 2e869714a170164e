// Turns the helper's words for a refused profile into a ProfileProblem: the message as the helper's parser wrote it,
// and the line it names, so the Profiles screen can point at that line of the text.
import type { ProfileProblem } from "./settings-types";

/** The control server puts the method's name first; a person importing a profile has no use for it. */
const methodPrefix = /^importProfile: /;
/** Both parsers (wg-profile.ts, braid-profile.ts) say "profile line N: ..."; a link's error wraps the same words. */
const lineMention = /\bprofile line (\d+):/;

export function profileProblem(helperMessage: string): ProfileProblem {
  const message = helperMessage.replace(methodPrefix, "");
  const found = lineMention.exec(message);
  const line = found ? Number(found[1]) : undefined;
  return line !== undefined && Number.isSafeInteger(line) && line > 0 ? { message, line } : { message };
}
