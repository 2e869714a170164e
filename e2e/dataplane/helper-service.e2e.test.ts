// Root only: the control API against a running `braid helper` in a namespace, over its real socket: every method,
// every event kind, refusals (another user, malformed JSON, unknown methods, a 10 MB line, 1,000 connections) while
// root is still served. The client namespace has two uplinks to a `braid server run`, so failover is real.
import { execFileSync, spawn, spawnSync } from "node:child_process";
import { chmodSync, mkdtempSync, rmSync, statSync, writeFileSync } from "node:fs";
import { connect, type Socket } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ControlCallError, ControlClient } from "../../helper/control/control-client";
import type { ControlEvent } from "../../helper/control/control-schema";
import packageJson from "../../package.json";
import {
  braidScript,
  dataplaneSkipReason,
  inNs,
  type RunningBraid,
  routedUplinks,
  run,
  startBraid,
  stopBraid,
} from "./netns-fixture";

const skipReason = dataplaneSkipReason();
const suffix = String(process.pid % 100000);
const serverNs = `bhs-s-${suffix}`;
const routerNs = `bhs-r-${suffix}`;
const clientNs = `bhs-c-${suffix}`;
const serverTunnel = "10.71.0.1";
/** The server, behind a router both uplinks reach: cutting one leaves it reachable over the other. */
const endpoint = "10.243.0.1";
const clientTunnel = "10.71.0.2";
const uplinks = [
  { dev: "bhsa", routerDev: "bhsA", router: "10.241.0.1", client: "10.241.0.2", metric: "100" },
  { dev: "bhsb", routerDev: "bhsB", router: "10.242.0.1", client: "10.242.0.2", metric: "200" },
] as const;

/** Resolves with the first event matching, or rejects after timeoutMs naming what was awaited. */
function nextEvent(
  events: ControlEvent[],
  match: (e: ControlEvent) => boolean,
  what: string,
  timeoutMs = 15_000,
): Promise<ControlEvent> {
  const from = events.length;
  return new Promise((resolve, reject) => {
    const started = Date.now();
    const poll = setInterval(() => {
      const found = events.slice(from).find(match);
      if (found) {
        clearInterval(poll);
        resolve(found);
      } else if (Date.now() - started > timeoutMs) {
        clearInterval(poll);
        reject(new Error(`no ${what} event within ${timeoutMs} ms`));
      }
    }, 20);
  });
}

/** One raw line to the socket and the first line back (or "closed"). */
function rawExchange(socketPath: string, line: string | Buffer): Promise<string> {
  return new Promise((resolve) => {
    const socket = connect(socketPath);
    let got = "";
    socket.on("data", (chunk) => {
      got += chunk.toString();
      if (got.includes("\n")) {
        socket.destroy();
        resolve(got.split("\n")[0] as string);
      }
    });
    socket.on("error", () => undefined);
    socket.on("close", () => resolve(got || "closed"));
    socket.write(line);
  });
}

describe.skipIf(skipReason !== undefined)(`braid helper control API (${skipReason ?? "root"})`, () => {
  const scratch = mkdtempSync(path.join(tmpdir(), "braid-helper-svc-"));
  const socketPath = path.join(scratch, "braid.sock");
  const profiles = path.join(scratch, "profiles");
  // Kept state (wanted connection, data usage) here, not in the host's /var/lib/braid.
  const stateDir = path.join(scratch, "state");
  let server: RunningBraid | undefined;
  let helper: RunningBraid | undefined;
  let client: ControlClient;
  const events: ControlEvent[] = [];
  let profileText = "";

  beforeAll(async () => {
    const key = () => run([process.execPath, braidScript, "keygen"]);
    const pub = (privateKey: string) => run([process.execPath, braidScript, "pubkey"], privateKey);
    const serverKey = key();
    const clientKey = key();
    routedUplinks({
      serverNs,
      routerNs,
      clientNs,
      uplinks,
      routerServerDev: "bhsR",
      serverDev: "bhsS",
      serverSubnet: "10.243.0",
    });
    const serverConfig = path.join(scratch, "server.conf");
    writeFileSync(
      serverConfig,
      `[Interface]\nPrivateKey = ${serverKey}\nAddress = ${serverTunnel}/24\nListenPort = 51820\n\n` +
        `[Peer]\nPublicKey = ${pub(clientKey)}\nAllowedIPs = ${clientTunnel}/32\n`,
    );
    profileText =
      `[Interface]\nPrivateKey = ${clientKey}\nAddress = ${clientTunnel}/32\n\n` +
      `[Peer]\nPublicKey = ${pub(serverKey)}\nEndpoint = ${endpoint}:51820\nAllowedIPs = ${serverTunnel}/32\n`;
    server = await startBraid(serverNs, ["server", "run", "--config", serverConfig, "--no-nat"]);
    helper = await startBraid(
      clientNs,
      ["helper", "--socket", socketPath, "--profiles", profiles, "--state", stateDir, "--interface", "bhs0"],
      "listening on",
    );
    client = await ControlClient.open(socketPath);
    client.onEvent((e) => events.push(e));
  }, 60_000);

  afterAll(async () => {
    if (process.env.BHS_DEBUG)
      console.log(helper?.stderr, JSON.stringify(events.filter((e) => e.kind !== "path-metrics")));
    client?.close();
    await stopBraid(helper);
    await stopBraid(server);
    spawnSync("ip", ["netns", "del", clientNs]);
    spawnSync("ip", ["netns", "del", serverNs]);
    spawnSync("ip", ["netns", "del", routerNs]);
    rmSync(scratch, { recursive: true, force: true });
  });

  it("version: the helper's own and the API's", async () => {
    expect(await client.call("version")).toEqual({
      helperVersion: packageJson.version,
      apiVersion: 1,
      platform: "linux",
    });
  });

  it("subscribe: the state and the history so far; state: disconnected", async () => {
    const subscribed = await client.call("subscribe");
    expect(subscribed.state).toEqual({ state: "disconnected" });
    expect(Array.isArray(subscribed.history)).toBe(true);
    expect(await client.call("state")).toEqual({ state: "disconnected" });
  });

  it("importProfile refuses a broken profile naming the line, takes a good one; listProfiles shows it", async () => {
    await expect(
      client.call("importProfile", { name: "bad", text: "[Interface]\nPrivateKey = nope\n" }),
    ).rejects.toThrow(/line 2/);
    expect(await client.call("importProfile", { name: "lab", text: profileText })).toEqual({
      name: "lab",
      endpoint: `${endpoint}:51820`,
      mode: "bond",
      killSwitch: false,
    });
    expect((await client.call("listProfiles")).map((p) => p.name)).toEqual(["lab"]);
  });

  it("connect to a missing profile: an error state, an alert, and what to do", async () => {
    const alert = nextEvent(events, (e) => e.kind === "alert", "alert");
    const state = await client.call("connect", { profile: "missing" });
    expect(state).toMatchObject({
      state: "error",
      message: expect.stringMatching(/no profile named "missing"/),
    });
    expect(await alert).toMatchObject({ kind: "alert", severity: "error" });
  });

  it("connect: connecting, then connected with both uplinks up, path metrics at 10 Hz, ping through the tunnel", async () => {
    const connected = nextEvent(
      events,
      (e) => e.kind === "tunnel-state" && e.to.state === "connected" && e.to.pathsUp === 2,
      "tunnel-state connected with 2 paths",
    );
    const state = await client.call("connect", { profile: "lab" });
    expect(["connecting", "connected"]).toContain(state.state);
    await connected;
    const before = events.filter((e) => e.kind === "path-metrics").length;
    await new Promise((r) => setTimeout(r, 1_000));
    const samples = events.filter((e) => e.kind === "path-metrics");
    expect(samples.length - before).toBeGreaterThanOrEqual(7);
    const last = samples.at(-1);
    expect(last?.kind === "path-metrics" && last.paths.map((p) => p.interface).sort()).toEqual([
      "bhsa",
      "bhsb",
    ]);
    expect(inNs(clientNs, ["ping", "-c", "3", "-i", "0.2", "-W", "2", serverTunnel])).toContain("3 received");
  }, 40_000);

  it("setMode, setPathPriority and setDataCap apply to the running tunnel; an unknown uplink is refused", async () => {
    expect(await client.call("setMode", { mode: "redundant" })).toEqual({ mode: "redundant" });
    expect(await client.call("setPathPriority", { interface: "bhsb", priority: "backup" })).toEqual({
      interface: "bhsb",
      priority: "backup",
    });
    expect(await client.call("setDataCap", { interface: "bhsa", capMegabytes: 500 })).toEqual({
      interface: "bhsa",
      capMegabytes: 500,
    });
    await expect(client.call("setPathPriority", { interface: "wwan9", priority: "backup" })).rejects.toThrow(
      /no uplink "wwan9" is in use/,
    );
    await expect(client.call("setMode", { mode: "fastest" } as never)).rejects.toBeInstanceOf(
      ControlCallError,
    );
    expect(await client.call("setProbeRate", { hz: 20 })).toEqual({ probeRateHz: 20 });
    expect(await client.call("getSettings")).toEqual({ killSwitch: false, probeRateHz: 20, profile: "lab" });
    await expect(client.call("setProbeRate", { hz: 0 })).rejects.toThrow(
      /params.hz: must be an integer in 1..50/,
    );
    await client.call("setMode", { mode: "bond" });
    await client.call("setPathPriority", { interface: "bhsb", priority: "primary" });
    await client.call("setDataCap", { interface: "bhsa", capMegabytes: undefined });
  });

  it("a cut uplink: a failover event and the degraded state; both cut: all-paths-down and reconnecting", async () => {
    // Degraded when the path is declared down first; connected on the one left when the uplink watcher takes the
    // dead uplink away first (which one wins depends on the machine's load).
    const degraded = nextEvent(
      events,
      (e) =>
        e.kind === "tunnel-state" &&
        (e.to.state === "degraded" || (e.to.state === "connected" && e.to.pathsUp === 1)),
      "tunnel-state degraded (or connected on one path)",
    );
    // Traffic on the cut uplink makes the move a failover (an idle path just goes down): redundant mode puts
    // every ping on both uplinks.
    await client.call("setMode", { mode: "redundant" });
    const pinging = new Promise((resolve) =>
      spawn("ip", ["netns", "exec", clientNs, "ping", "-c", "40", "-i", "0.05", "-W", "1", serverTunnel]).on(
        "exit",
        resolve,
      ),
    );
    await new Promise((r) => setTimeout(r, 300));
    inNs(routerNs, ["ip", "link", "set", uplinks[0].routerDev, "down"]);
    await degraded;
    await pinging;
    await client.call("setMode", { mode: "bond" });
    const allDown = nextEvent(events, (e) => e.kind === "all-paths-down", "all-paths-down");
    const reconnecting = nextEvent(
      events,
      (e) => e.kind === "tunnel-state" && e.to.state === "reconnecting",
      "tunnel-state reconnecting",
    );
    inNs(routerNs, ["ip", "link", "set", uplinks[1].routerDev, "down"]);
    await allDown;
    await reconnecting;
    const recovered = nextEvent(
      events,
      (e) => e.kind === "tunnel-state" && (e.to.state === "connected" || e.to.state === "degraded"),
      "recovery",
    );
    for (const u of uplinks) inNs(routerNs, ["ip", "link", "set", u.routerDev, "up"]);
    await recovered;
    expect(events.some((e) => e.kind === "failover")).toBe(true);
  }, 60_000);

  it("setKillSwitch on adds Braid's nft table at once, off removes it", async () => {
    await client.call("setKillSwitch", { enabled: true });
    expect(inNs(clientNs, ["nft", "list", "tables"])).toContain("braid_killswitch_bhs0");
    await client.call("setKillSwitch", { enabled: false });
    expect(inNs(clientNs, ["nft", "list", "tables"])).not.toContain("braid_killswitch_bhs0");
  }, 60_000);

  it("refuses another user (SO_PEERCRED) while root is served", async () => {
    // Past the file modes, so the helper's own check is what refuses.
    chmodSync(scratch, 0o711);
    chmodSync(socketPath, 0o666);
    const script = `const s=require("net").connect(${JSON.stringify(socketPath)});s.on("data",d=>{process.stdout.write(d);s.destroy()});s.on("error",e=>console.log("error",e.code));s.write('{"jsonrpc":"2.0","id":1,"method":"state"}\\n')`;
    const out = execFileSync(
      "setpriv",
      ["--reuid=65534", "--regid=65534", "--clear-groups", process.execPath, "-e", script],
      {
        encoding: "utf8",
      },
    );
    expect(out).toMatch(/-32001.*uid 65534 may not control Braid/);
    chmodSync(socketPath, 0o600);
    expect((await client.call("state")).state).not.toBe("error");
  });

  it("malformed JSON, an unknown method and a 10 MB line get errors; the helper keeps serving", async () => {
    expect(await rawExchange(socketPath, "{not json\n")).toMatch(/-32700/);
    expect(await rawExchange(socketPath, '{"jsonrpc":"2.0","id":1,"method":"reboot"}\n')).toMatch(/-32601/);
    expect(await rawExchange(socketPath, Buffer.alloc(10 * 1024 * 1024, 0x61))).toMatch(/-32003|closed/);
    expect((await client.call("version")).apiVersion).toBe(1);
  }, 40_000);

  it("1,000 connections at once: the excess refused, root's own client still answered", async () => {
    const sockets: Socket[] = [];
    const opened = await Promise.all(
      Array.from(
        { length: 1_000 },
        () =>
          new Promise<string>((resolve) => {
            const s = connect(socketPath);
            sockets.push(s);
            let got = "";
            s.on("data", (d) => {
              got += d.toString();
            });
            s.on("error", () => resolve("error"));
            s.on("connect", () => setTimeout(() => resolve(got), 300));
          }),
      ),
    );
    const refused = opened.filter((line) => line.includes("-32005")).length;
    console.log(
      `1,000 connections: ${refused} refused with tooManyConnections, ${opened.filter((l) => l === "error").length} socket errors`,
    );
    expect(refused).toBeGreaterThan(0);
    expect((await client.call("state")).state).not.toBe("error");
    for (const s of sockets) s.destroy();
  }, 60_000);

  it("a helper killed with -9 mid-tunnel: the next one restores what the dead one left, then connects again and carries traffic", async () => {
    await client.call("connect", { profile: "lab" });
    expect(inNs(clientNs, ["ip", "rule"])).toMatch(/from 10\.241\.0\.2 lookup 519/);
    client.close();
    await stopBraid(helper, "SIGKILL");
    expect(inNs(clientNs, ["ip", "rule"])).toMatch(/from 10\.241\.0\.2 lookup 519/); // left behind
    const restartedAtMs = Date.now();
    helper = await startBraid(
      clientNs,
      ["helper", "--socket", socketPath, "--profiles", profiles, "--state", stateDir, "--interface", "bhs0"],
      "listening on",
    );
    expect(helper.stderr).toMatch(/restoring \d+ change\(s\) left by an earlier run/);
    client = await ControlClient.open(socketPath);
    client.onEvent((e) => events.push(e));
    // The user was connected: the new helper connects again by itself, through the usual states.
    let state = await client.call("state");
    while (state.state !== "connected" && Date.now() - restartedAtMs < 20_000) {
      await new Promise((r) => setTimeout(r, 200));
      state = await client.call("state");
    }
    expect(state).toMatchObject({ state: "connected", profileName: "lab", pathsUp: 2 });
    console.log(
      `helper restarted after kill -9: connected again ${Date.now() - restartedAtMs} ms after its start`,
    );
    expect(helper.stderr).toContain('connecting again to "lab", as before the restart');
    const { history } = await client.call("subscribe");
    const states = history.flatMap((e) => (e.kind === "tunnel-state" ? [e.to.state] : []));
    expect(states.slice(0, 2)).toEqual(["connecting", "connected"]);
    expect(inNs(clientNs, ["ping", "-c", "3", "-i", "0.2", "-W", "2", serverTunnel])).toContain("3 received");
    expect(await client.call("getSettings")).toEqual({ killSwitch: false, probeRateHz: 20, profile: "lab" });
    expect((await client.call("listProfiles")).map((p) => p.name)).toEqual(["lab"]);
    // What is kept is root's alone.
    expect(statSync(path.join(stateDir, "wanted-state.json")).mode & 0o777).toBe(0o600);
  }, 60_000);

  it("braid up PROFILE (no --foreground) hands the profile to the helper and connects; braid status says so", async () => {
    const file = path.join(scratch, "lab.conf");
    writeFileSync(file, profileText);
    const up = spawnSync(process.execPath, [braidScript, "up", file, "--socket", socketPath], {
      encoding: "utf8",
    });
    expect(up.status).toBe(0);
    expect(up.stderr).toContain('profile "lab" handed to the helper');
    const status = run([process.execPath, braidScript, "status", "--socket", socketPath]);
    expect(status).toMatch(/^(connecting to lab|connected to lab)/);
  }, 40_000);

  it("disconnect: disconnected, the TUN gone; removeProfile then forgets the profile", async () => {
    expect(await client.call("disconnect")).toEqual({ state: "disconnected" });
    expect(spawnSync("ip", ["netns", "exec", clientNs, "ip", "link", "show", "bhs0"]).status).not.toBe(0);
    expect(await client.call("removeProfile", { name: "lab" })).toEqual({ removed: "lab" });
    expect(await client.call("listProfiles")).toEqual([]);
    const kinds = new Set(events.map((e) => e.kind));
    expect([...kinds].sort()).toEqual([
      "alert",
      "all-paths-down",
      "failover",
      "path-metrics",
      "tunnel-state",
    ]);
  }, 40_000);
});
