import { describe, expect, it } from "vitest";
import { nameFromBraidLink, nameFromFileName, profileNameProblem } from "./profile-name";

describe("profile names", () => {
  it("defaults from a file's name, dropping the extension and what the helper refuses", () => {
    expect(nameFromFileName("laptop.conf")).toBe("laptop");
    expect(nameFromFileName("Office VPN (2).conf")).toBe("Office-VPN-2");
    expect(nameFromFileName("..hidden.conf")).toBe("hidden");
    expect(nameFromFileName("wg0")).toBe("wg0");
    expect(nameFromFileName(`${"a".repeat(80)}.conf`)).toHaveLength(64);
    expect(nameFromFileName("ünïcode.conf")).toBe("n-code");
  });

  it("every default it makes is a name the helper takes, or empty", () => {
    for (const file of ["a b c.conf", "-x-.conf", "__.conf", "ok.TXT", "é.conf", "1.2.3.conf"]) {
      const name = nameFromFileName(file);
      expect(name === "" || profileNameProblem(name) === undefined, `${file} -> ${name}`).toBe(true);
    }
  });

  it("reads name= from a pasted braid:// link", () => {
    expect(nameFromBraidLink("braid://import?v=1&name=phone&sum=abc&profile=xyz")).toBe("phone");
    expect(nameFromBraidLink("  braid://import?v=1&sum=abc&profile=xyz")).toBeUndefined();
    expect(nameFromBraidLink("braid://import?v=1&name=bad%20name&profile=x")).toBeUndefined();
    expect(nameFromBraidLink("[Interface]")).toBeUndefined();
  });

  it("says what a name needs", () => {
    expect(profileNameProblem("")).toMatch(/name/);
    expect(profileNameProblem("-lab")).toMatch(/starting with a letter or digit/);
    expect(profileNameProblem("lab")).toBeUndefined();
  });
});
