// Mapping the helper's events for the dashboard: interface kinds from names, ids per connection, the file store.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import type { PathMetricsSample } from "../../helper/control/control-schema";
import { HelperEventMapper, interfaceKindOf } from "./helper-event-mapper";
import { fileLastProfileStore } from "./last-profile-store";

function metric(name: string, state: PathMetricsSample["state"] = "up"): PathMetricsSample {
  const figures = { rttMs: 10, lossRatio: 0, txBitsPerSec: 0, rxBitsPerSec: 0, shareRatio: 0, bytesUsed: 0 };
  return { interface: name, state, ...figures };
}

describe("helper event mapper", () => {
  it("names the kind of a link from its kernel name", () => {
    expect(
      ["enp3s0", "eth0", "wlp2s0", "wlan0", "wwan0", "rmnet_data0", "tun7", "fiber"].map(interfaceKindOf),
    ).toEqual(["ethernet", "ethernet", "wifi", "wifi", "cellular", "cellular", "other", "other"]);
  });

  it("keeps ids (and card order) for a connection and starts over at the next connect", () => {
    const mapper = new HelperEventMapper();
    const ids = (atMs: number, names: string[]) =>
      mapper
        .map({ kind: "path-metrics", atMs, paths: names.map((n) => metric(n)) })
        .sample?.paths.map((p) => `${p.interface}=${p.id}`);
    expect(ids(1, ["eth0", "wlan0"])).toEqual(["eth0=0", "wlan0=1"]);
    expect(ids(2, ["wlan0", "eth0", "wwan0"])).toEqual(["eth0=0", "wlan0=1", "wwan0=2"]);
    const connecting = { state: "connecting", profileName: "home", sinceMs: 3 } as const;
    const cleared = mapper.map({
      kind: "tunnel-state",
      atMs: 3,
      from: { state: "disconnected" },
      to: connecting,
    });
    expect(cleared).toEqual({ state: connecting, events: [] });
    expect(ids(4, ["wwan0"])).toEqual(["wwan0=0"]);
  });

  it("a path that comes back after being down is announced once, with why", () => {
    const mapper = new HelperEventMapper();
    const run = (state: PathMetricsSample["state"]) =>
      mapper
        .map({ kind: "path-metrics", atMs: 1, paths: [metric("eth0", state)] })
        .events.map((e) => e.detail);
    expect([run("up"), run("up"), run("down"), run("down"), run("probing"), run("up")]).toEqual([
      ["eth0: up"],
      [],
      ["eth0: stopped answering probes"],
      [],
      [],
      ["eth0: answering probes, carrying traffic again"],
    ]);
  });

  it("a path the helper stops reporting stays on as down, in its place, until the next connect", () => {
    const mapper = new HelperEventMapper();
    const sample = (names: string[]) =>
      mapper.map({ kind: "path-metrics", atMs: 5, paths: names.map((n) => metric(n)) });
    sample(["eth0", "wlan0"]);
    const gone = sample(["wlan0"]);
    expect(gone.sample?.paths.map((p) => [p.id, p.interface, p.state, p.rttMs, p.txBitsPerSec])).toEqual([
      [0, "eth0", "down", undefined, 0],
      [1, "wlan0", "up", 10, 0],
    ]);
    expect(gone.events.map((e) => e.detail)).toEqual(["eth0: the link went away (down or unplugged)"]);
    expect(sample(["wlan0"]).events).toEqual([]);
    expect(sample(["eth0", "wlan0"]).events.map((e) => e.detail)).toEqual([
      "eth0: answering probes, carrying traffic again",
    ]);
    mapper.map({
      kind: "tunnel-state",
      atMs: 6,
      from: { state: "connected", profileName: "h", sinceMs: 0, pathsUp: 1 },
      to: { state: "disconnected" },
    });
    expect(sample(["wlan0"]).sample?.paths.map((p) => p.interface)).toEqual(["wlan0"]);
  });

  it("the last profile survives in its file; a broken file means none picked", () => {
    const dir = mkdtempSync(path.join(tmpdir(), "braid-last-profile-"));
    try {
      const file = path.join(dir, "sub", "last-profile.json");
      expect(fileLastProfileStore(file).load()).toBeUndefined();
      fileLastProfileStore(file).save("work");
      expect(fileLastProfileStore(file).load()).toBe("work");
      writeFileSync(file, "{not json");
      expect(fileLastProfileStore(file).load()).toBeUndefined();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
