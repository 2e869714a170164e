// `braid profile check` and `braid profile link` through the command line: summaries, errors with the line, links.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { decodeBraidUri } from "../config/braid-uri";
import { nodeRandom } from "../platform/node-random";
import type { CliIo } from "./cli-io";
import { runCli } from "./run-cli";

const key = "yAnz5TF+lXXJte14tji3zlMNq+hd2rYUIgJBgB3fBmk=";
const peerKey = "xTIBA5rboUvnH4htodjb6e697QjLERt1NAB4mZqp8Dg=";
const profile = `[Interface]\nPrivateKey = ${key}\nAddress = 10.88.0.2/32\nPostUp = echo hi\n\n[Braid]\nMode = redundant\nPriority = wlan0:secondary, wwan0:backup\nDataCap = wwan0:2000\nExcludeInterfaces = docker0\nKillSwitch = on\n\n[Peer]\nPublicKey = ${peerKey}\nEndpoint = vpn.example.test:51820\nAllowedIPs = 0.0.0.0/0\n`;

async function braid(...argv: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const io: CliIo = { out: (t) => void out.push(t), err: (t) => void err.push(t), readStdin: async () => "" };
  const code = await runCli(argv, io, nodeRandom, "test");
  return { code, out: out.join(""), err: err.join("") };
}

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "braid-profile-"));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe("braid profile", () => {
  it("check summarises a file: peers, Braid's settings, and the wg-quick keys it ignores", async () => {
    const file = join(dir, "laptop.conf");
    writeFileSync(file, profile);
    const checked = await braid("profile", "check", file);
    expect(checked.code).toBe(0);
    expect(checked.out).toContain("profile laptop: valid");
    expect(checked.out).toContain("peer 1: vpn.example.test:51820; AllowedIPs 0.0.0.0/0");
    expect(checked.out).toContain("mode: redundant; kill switch: on; probes: 10 Hz (default) per path");
    expect(checked.out).toContain("uplinks: wlan0 secondary, wwan0 backup; excluded docker0");
    expect(checked.out).toContain("data caps: wwan0 2000 MB/month");
    expect(checked.out).toContain("ignored (wg-quick only; Braid never runs them): PostUp (line 4)");
  });

  it("check names the file, line and key of a mistake", async () => {
    const file = join(dir, "bad.conf");
    writeFileSync(file, profile.replace("KillSwitch = on", "KilSwitch = on"));
    const checked = await braid("profile", "check", file);
    expect(checked.code).toBe(1);
    expect(checked.err).toBe(
      `braid profile check: ${file}: profile line 11: unknown key "KilSwitch" in [Braid] (did you mean "KillSwitch"?)\n`,
    );
    const missing = await braid("profile", "check", join(dir, "none.conf"));
    expect(missing.code).toBe(1);
    expect(missing.err).toContain("cannot read");
  });

  it("link prints a braid:// link of the file's exact text that check accepts, also from a saved file", async () => {
    const file = join(dir, "laptop.conf");
    writeFileSync(file, profile);
    const linked = await braid("profile", "link", file);
    expect(linked.code).toBe(0);
    const uri = linked.out.split("\n")[0] as string;
    const decoded = decodeBraidUri(uri);
    if (!decoded.ok) throw new Error(decoded.error);
    expect(decoded.text).toBe(profile);
    expect(decoded.name).toBe("laptop");
    expect(linked.out).toContain("█");
    const checked = await braid("profile", "check", uri);
    expect(checked.code).toBe(0);
    expect(checked.out).toContain("profile laptop: valid");
    const saved = join(dir, "link.txt");
    writeFileSync(saved, `${uri.replace("name=laptop", "name=desk")}\n`);
    expect((await braid("profile", "check", saved)).out).toContain("profile desk: valid");
    const broken = await braid("profile", "check", uri.slice(0, -5));
    expect(broken.code).toBe(1);
    expect(broken.err).toContain("braid profile check: the link: braid:// URI:");
  });

  it("refuses a missing subcommand or argument", async () => {
    expect((await braid("profile")).err).toContain("expected check or link");
    expect((await braid("profile", "check")).code).toBe(2);
    expect((await braid("profile", "link", "a", "b")).code).toBe(2);
  });
});
