// The helper service's profiles: one file per profile in a root-only directory (/etc/braid/profiles), each
// validated on import and again on load, written atomically so a crash never leaves half a profile.
import {
  closeSync,
  fsyncSync,
  mkdirSync,
  openSync,
  readdirSync,
  readFileSync,
  renameSync,
  unlinkSync,
  writeSync,
} from "node:fs";
import path from "node:path";
import type { BraidProfile } from "../config/braid-profile";
import { parseProfileInput } from "../config/profile-input";
import type { ProfileSummary } from "../control/control-schema";

export const DEFAULT_PROFILE_DIR = "/etc/braid/profiles";
const SUFFIX = ".conf";
/** The control schema's profile name rule, checked again here: a name becomes a file name. */
const NAME_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;

/** A request the store refuses, worded for the user (the control API returns it as the error message). */
export class ProfileStoreError extends Error {}

export function summaryOf(name: string, profile: BraidProfile): ProfileSummary {
  const endpoint = profile.wireguard.peers[0]?.endpoint;
  return {
    name,
    endpoint: endpoint === undefined ? "" : `${endpoint.host}:${endpoint.port}`,
    mode: profile.braid.mode ?? "bond",
    killSwitch: profile.braid.killSwitch,
  };
}

export class ProfileStore {
  constructor(private readonly dir: string = DEFAULT_PROFILE_DIR) {}

  private fileOf(name: string): string {
    if (!NAME_PATTERN.test(name) || name.includes(".."))
      throw new ProfileStoreError(`"${name}" is not a profile name: use letters, digits, '.', '_' or '-'`);
    return path.join(this.dir, `${name}${SUFFIX}`);
  }

  list(): ProfileSummary[] {
    let files: string[];
    try {
      files = readdirSync(this.dir);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === "ENOENT") return [];
      throw error;
    }
    const summaries: ProfileSummary[] = [];
    for (const file of files.filter((f) => f.endsWith(SUFFIX)).sort()) {
      const name = file.slice(0, -SUFFIX.length);
      // A profile edited by hand into something invalid is skipped here and explained on connect.
      const parsed = parseProfileInput(readFileSync(path.join(this.dir, file), "utf8"));
      if (parsed.ok && NAME_PATTERN.test(name)) summaries.push(summaryOf(name, parsed.profile));
    }
    return summaries;
  }

  load(name: string): BraidProfile {
    let text: string;
    try {
      text = readFileSync(this.fileOf(name), "utf8");
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === "ENOENT")
        throw new ProfileStoreError(
          `no profile named "${name}"; import it first (listProfiles shows what there is)`,
        );
      throw error;
    }
    const parsed = parseProfileInput(text);
    if (!parsed.ok) throw new ProfileStoreError(`profile "${name}": ${parsed.error}`);
    return parsed.profile;
  }

  /** Validates text (a profile or a braid:// link) and saves the profile's own text under name, replacing any. */
  import(name: string, text: string): ProfileSummary {
    const file = this.fileOf(name);
    const parsed = parseProfileInput(text);
    if (!parsed.ok) throw new ProfileStoreError(parsed.error);
    if (
      parsed.profile.wireguard.peers.length !== 1 ||
      parsed.profile.wireguard.peers[0]?.endpoint === undefined
    )
      throw new ProfileStoreError("a client profile needs exactly one [Peer] with an Endpoint (the server)");
    mkdirSync(this.dir, { recursive: true, mode: 0o700 });
    const temp = path.join(this.dir, `.${name}.${process.pid}.tmp`);
    const fd = openSync(temp, "w", 0o600);
    try {
      writeSync(fd, parsed.text);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(temp, file);
    return summaryOf(name, parsed.profile);
  }

  remove(name: string): void {
    try {
      unlinkSync(this.fileOf(name));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === "ENOENT")
        throw new ProfileStoreError(`no profile named "${name}"`);
      throw error;
    }
  }
}
