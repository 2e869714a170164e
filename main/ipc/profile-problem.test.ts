import { describe, expect, it } from "vitest";
import { parseProfileInput } from "../../helper/config/profile-input";
import { profileProblem } from "./profile-problem";

const goodInterface =
  "[Interface]\nPrivateKey = CEhWhz9vw4NmIkaQCAUGvdSPOJucBrS0IO9kFPqvW3A=\nAddress = 10.88.0.2/32\n";

function parserError(text: string): string {
  const parsed = parseProfileInput(text);
  if (parsed.ok) throw new Error("expected the parser to refuse this profile");
  return parsed.error;
}

describe("profileProblem", () => {
  it("carries the parser's own message and the line it names, without the method name", () => {
    const error = parserError(`${goodInterface}Mode = redundnt\n`);
    expect(profileProblem(`importProfile: ${error}`)).toEqual({
      message: expect.stringMatching(
        /^profile line 4: Mode: "redundnt" is not a mode \(did you mean "redundant"\?\)/,
      ),
      line: 4,
    });
  });

  it("finds the line inside a link's error too", () => {
    expect(
      profileProblem("importProfile: braid:// URI: the profile inside: profile line 7: unknown key"),
    ).toEqual({
      message: "braid:// URI: the profile inside: profile line 7: unknown key",
      line: 7,
    });
  });

  it("has no line when the problem is not on one (no [Interface], a cut link, a bad name)", () => {
    expect(profileProblem(`importProfile: ${parserError("# nothing here\n")}`)).toEqual({
      message: "profile: no [Interface] section; add one with PrivateKey and Address",
    });
    expect(profileProblem("braid:// URI: profile= does not inflate")).toEqual({
      message: "braid:// URI: profile= does not inflate",
    });
  });
});
