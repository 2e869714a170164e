// The dev bridge's profile list: in memory, but every import goes through the helper's own parser
// (parseProfileInput), so a broken profile gets the words and the line the real helper would give.
import { parseProfileInput } from "../../helper/config/profile-input";
import type { ProfileSummary } from "../../helper/control/control-schema";
import { summaryOf } from "../../helper/service/profile-store";
import { profileProblem } from "../ipc/profile-problem";
import type { ProfileImportResult, ProfileList } from "../ipc/settings-types";

/** A client profile (TEST-NET endpoint, example keys) so the simulated list starts with something to connect to. */
export const simulatedProfileText = `# Name = lab
[Interface]
PrivateKey = CEhWhz9vw4NmIkaQCAUGvdSPOJucBrS0IO9kFPqvW3A=
Address = 10.88.0.2/32

[Peer]
PublicKey = Z2dk/vLRVjgVFh+8CbN6mBJ92b+9M8Jt6d8Uryd1oww=
Endpoint = 192.0.2.10:51820
AllowedIPs = 0.0.0.0/0, ::/0
PersistentKeepalive = 25
`;

export interface SimulatedProfiles {
  list(): ProfileList;
  import(name: string, text: string): ProfileImportResult;
  /** Throws with the helper's words when there is no such profile. */
  remove(name: string): void;
  setQuickConnect(name: string): void;
  /** The profile a connect uses, if any. */
  quickConnect(): string | undefined;
}

export function createSimulatedProfiles(
  initial: readonly { name: string; text: string }[],
): SimulatedProfiles {
  const profiles = new Map<string, ProfileSummary>();
  let picked: string | undefined;

  function importOne(name: string, text: string): ProfileImportResult {
    const parsed = parseProfileInput(text);
    if (!parsed.ok) return { ok: false, problem: profileProblem(parsed.error) };
    const [peer, ...otherPeers] = parsed.profile.wireguard.peers;
    // The helper's store adds this rule to the parser's, in these words (helper/service/profile-store.ts).
    if (peer?.endpoint === undefined || otherPeers.length > 0) {
      return {
        ok: false,
        problem: { message: "a client profile needs exactly one [Peer] with an Endpoint (the server)" },
      };
    }
    const summary = summaryOf(name, parsed.profile);
    profiles.set(name, summary);
    return { ok: true, profile: summary };
  }

  for (const { name, text } of initial) {
    const result = importOne(name, text);
    if (!result.ok) throw new Error(`simulated profile ${name}: ${result.problem.message}`);
  }

  function quickConnect(): string | undefined {
    if (picked !== undefined && profiles.has(picked)) return picked;
    return [...profiles.keys()].sort()[0];
  }

  return {
    list: () => ({
      // Code-point order, as the helper lists its files.
      profiles: [...profiles.values()].sort((a, b) => (a.name < b.name ? -1 : 1)),
      quickConnect: quickConnect(),
    }),
    import: importOne,
    remove(name) {
      if (!profiles.delete(name)) throw new Error(`no profile named "${name}"`);
    },
    setQuickConnect(name) {
      if (!profiles.has(name))
        throw new Error(`no profile named "${name}"; import it first (listProfiles shows what there is)`);
      picked = name;
    },
    quickConnect,
  };
}
