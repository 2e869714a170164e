import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { encodeBraidUri } from "../../helper/config/braid-uri";
import { ProfileStore } from "../../helper/service/profile-store";
import { createSimulatedProfiles, simulatedProfileText } from "./simulated-profiles";

const dir = mkdtempSync(path.join(tmpdir(), "braid-simulated-profiles-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** What the helper's own store says about the same text (the control API sends exactly this message). */
function helperStoreError(text: string): string {
  try {
    new ProfileStore(dir).import("probe", text);
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error("the helper's store took this profile");
}

function linkOf(text: string, name: string): string {
  const encoded = encodeBraidUri(text, name);
  if (!encoded.ok) throw new Error(encoded.error);
  return encoded.uri;
}

const broken = {
  "a misspelt key": simulatedProfileText.replace("Address", "Adress"),
  "a bad mode": simulatedProfileText.replace("[Peer]", "[Braid]\nMode = redundnt\n\n[Peer]"),
  "no peer": simulatedProfileText.slice(0, simulatedProfileText.indexOf("[Peer]")),
  "a second peer": `${simulatedProfileText}\n[Peer]\nPublicKey = Z2dk/vLRVjgVFh+8CbN6mBJ92b+9M8Jt6d8Uryd1oww=\n`,
  "a cut link": linkOf(simulatedProfileText, "lab").slice(0, 80),
};

describe("simulated profiles", () => {
  it("starts with its built-in profile as quick-connect's", () => {
    const profiles = createSimulatedProfiles([{ name: "lab", text: simulatedProfileText }]);
    expect(profiles.list()).toEqual({
      profiles: [{ name: "lab", endpoint: "192.0.2.10:51820", mode: "bond", killSwitch: false }],
      quickConnect: "lab",
    });
  });

  for (const [what, text] of Object.entries(broken)) {
    it(`refuses ${what} in the helper's own words`, () => {
      const result = createSimulatedProfiles([]).import("x", text);
      expect(result.ok).toBe(false);
      if (!result.ok) expect(result.problem.message).toBe(helperStoreError(text));
    });
  }

  it("names the line of a broken key", () => {
    const result = createSimulatedProfiles([]).import("x", broken["a misspelt key"]);
    expect(result).toEqual({ ok: false, problem: expect.objectContaining({ line: 4 }) });
  });

  it("imports a braid:// link, picks quick-connect, falls back when it is removed", () => {
    const profiles = createSimulatedProfiles([{ name: "lab", text: simulatedProfileText }]);
    const killSwitchOn = simulatedProfileText.replace("[Peer]", "[Braid]\nKillSwitch = on\n\n[Peer]");
    expect(profiles.import("phone", linkOf(killSwitchOn, "phone"))).toEqual({
      ok: true,
      profile: { name: "phone", endpoint: "192.0.2.10:51820", mode: "bond", killSwitch: true },
    });
    profiles.setQuickConnect("phone");
    expect(profiles.list().quickConnect).toBe("phone");
    expect(() => profiles.setQuickConnect("nope")).toThrow('no profile named "nope"');
    profiles.remove("phone");
    expect(profiles.list()).toMatchObject({ profiles: [{ name: "lab" }], quickConnect: "lab" });
    expect(() => profiles.remove("phone")).toThrow('no profile named "phone"');
    profiles.remove("lab");
    expect(profiles.list()).toEqual({ profiles: [], quickConnect: undefined });
  });
});
