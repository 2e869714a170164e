import { mkdtempSync, readdirSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { ProfileStore, ProfileStoreError } from "./profile-store";

const key = Buffer.alloc(32, 7).toString("base64");
const profileText = `[Interface]\nPrivateKey = ${key}\nAddress = 10.8.0.2/32\n\n[Peer]\nPublicKey = ${key}\nEndpoint = 192.0.2.1:51820\nAllowedIPs = 0.0.0.0/0\n\n[Braid]\nMode = redundant\nKillSwitch = on\n`;

function freshStore() {
  const dir = path.join(mkdtempSync(path.join(tmpdir(), "braid-profiles-")), "profiles");
  return { dir, store: new ProfileStore(dir) };
}

describe("profile store", () => {
  it("imports, lists, loads and removes a profile, private to root", () => {
    const { dir, store } = freshStore();
    expect(store.list()).toEqual([]);
    expect(store.import("home", profileText)).toEqual({
      name: "home",
      endpoint: "192.0.2.1:51820",
      mode: "redundant",
      killSwitch: true,
    });
    expect(statSync(path.join(dir, "home.conf")).mode & 0o777).toBe(0o600);
    expect(statSync(dir).mode & 0o777).toBe(0o700);
    expect(store.list().map((p) => p.name)).toEqual(["home"]);
    expect(store.load("home").braid.mode).toBe("redundant");
    store.remove("home");
    expect(store.list()).toEqual([]);
    expect(readdirSync(dir)).toEqual([]);
  });

  it("refuses names that could leave the directory, and says what a name may be", () => {
    const { store } = freshStore();
    for (const name of ["../etc", ".hidden", "a/b", "", "x".repeat(65)])
      expect(() => store.import(name, profileText)).toThrow(ProfileStoreError);
  });

  it("refuses a broken profile naming the line, and keeps the one already saved", () => {
    const { store } = freshStore();
    store.import("home", profileText);
    expect(() => store.import("home", "[Interface]\nPrivateKey = nope\n")).toThrow(/line 2/);
    expect(store.load("home").braid.killSwitch).toBe(true);
  });

  it("says what to do for a missing profile, and skips a hand-broken file in the list", () => {
    const { dir, store } = freshStore();
    expect(() => store.load("work")).toThrow(/no profile named "work"; import it first/);
    store.import("home", profileText);
    writeFileSync(path.join(dir, "broken.conf"), "[Interface]\nAdress = 1\n");
    expect(store.list().map((p) => p.name)).toEqual(["home"]);
    expect(() => store.load("broken")).toThrow(/profile "broken":/);
  });
});
