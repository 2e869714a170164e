// The control server over a real Unix socket in a temp dir, against fake handlers (no tunnel is needed here).
import { mkdtempSync, rmSync } from "node:fs";
import { connect, type Socket } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { type ControlEvent, methodNames, RpcErrorCode } from "./control-schema";
import { type ControlHandlers, ControlServer } from "./control-server";

const disconnected = { state: "disconnected" } as const;
const fakeHandlers: ControlHandlers = {
  state: () => disconnected,
  connect: ({ profile }) => ({ state: "connecting", profileName: profile, sinceMs: 1 }),
  disconnect: () => disconnected,
  setMode: (p) => p,
  setPathPriority: (p) => p,
  setDataCap: (p) => p,
  listProfiles: () => [{ name: "home", endpoint: "192.0.2.1:51820", mode: "bond", killSwitch: false }],
  importProfile: ({ name }) => ({ name, endpoint: "192.0.2.1:51820", mode: "bond", killSwitch: false }),
  removeProfile: ({ name }) => ({ removed: name }),
  setKillSwitch: (p) => p,
  getSettings: () => ({ killSwitch: false, probeRateHz: 10, profile: undefined }),
  setProbeRate: ({ hz }) => ({ probeRateHz: hz }),
  version: () => ({ helperVersion: "0.1.0", apiVersion: 1, platform: "linux" }),
  subscribe: () => ({ state: disconnected, history: [] }),
};
const validParams: Record<string, unknown> = {
  connect: { profile: "home" },
  setMode: { mode: "redundant" },
  setPathPriority: { interface: "wlan0", priority: "backup" },
  setDataCap: { interface: "wwan0", capMegabytes: 5000 },
  importProfile: { name: "work", text: "[Interface]\n" },
  removeProfile: { name: "work" },
  setKillSwitch: { enabled: true },
  setProbeRate: { hz: 10 },
};

class LineClient {
  readonly lines: unknown[] = [];
  private buffered = "";
  private waiters: Array<() => void> = [];
  closed = false;
  constructor(readonly socket: Socket) {
    socket.setEncoding("utf8");
    socket.on("data", (text: string) => {
      this.buffered += text;
      let nl = this.buffered.indexOf("\n");
      while (nl !== -1) {
        this.lines.push(JSON.parse(this.buffered.slice(0, nl)));
        this.buffered = this.buffered.slice(nl + 1);
        nl = this.buffered.indexOf("\n");
      }
      for (const w of this.waiters.splice(0)) w();
    });
    socket.on("error", () => {});
    socket.on("close", () => {
      this.closed = true;
      for (const w of this.waiters.splice(0)) w();
    });
  }
  static open(path: string): Promise<LineClient> {
    return new Promise((resolve, reject) => {
      const s = connect(path, () => resolve(new LineClient(s)));
      s.once("error", reject);
    });
  }
  async next(): Promise<Record<string, unknown>> {
    while (this.lines.length === 0) {
      if (this.closed) throw new Error("connection closed before a reply");
      await new Promise<void>((r) => this.waiters.push(r));
    }
    return this.lines.shift() as Record<string, unknown>;
  }
  async call(method: string, params?: unknown, id: number = 1): Promise<Record<string, unknown>> {
    this.socket.write(`${JSON.stringify({ jsonrpc: "2.0", id, method, params })}\n`);
    return this.next();
  }
}

// The fake authorize (no second user needed here): connections past rootAfter are root.
let accepted = 0;
let rootAfter = Number.POSITIVE_INFINITY;

describe("control server over a Unix socket", () => {
  let dir: string;
  let server: ControlServer;
  let path: string;
  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), "braid-ctl-"));
    path = join(dir, "braid.sock");
    server = new ControlServer({
      socketPath: path,
      handlers: fakeHandlers,
      authorize: () => {
        accepted += 1;
        return { allowed: true, uid: accepted > rootAfter ? 0 : 1000 };
      },
    });
    await server.listen();
  });
  afterEach(async () => {
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it("answers every method with its result", async () => {
    const client = await LineClient.open(path);
    for (const [i, name] of methodNames.entries()) {
      const reply = await client.call(name, validParams[name], i);
      expect(reply.error, name).toBeUndefined();
      expect(reply.id).toBe(i);
      expect(reply.result).toBeDefined();
    }
    expect((await client.call("connect", { profile: "home" })).result).toMatchObject({ state: "connecting" });
    client.socket.destroy();
  });

  it("names the bad field, refuses malformed JSON, invalid requests and unknown methods, then keeps serving", async () => {
    const client = await LineClient.open(path);
    const bad = await client.call("setPathPriority", { interface: "wlan0", priority: "first" });
    expect(bad.error).toMatchObject({ code: RpcErrorCode.invalidParams });
    expect((bad.error as { message: string }).message).toContain("params.priority");
    client.socket.write("{not json\n");
    expect((await client.next()).error).toMatchObject({ code: RpcErrorCode.parseError });
    client.socket.write('{"id":3,"method":"state"}\n');
    expect((await client.next()).error).toMatchObject({ code: RpcErrorCode.invalidRequest });
    client.socket.write("[1,2]\n");
    expect((await client.next()).error).toMatchObject({ code: RpcErrorCode.invalidRequest });
    const unknown = await client.call("rm -rf /");
    expect(unknown.error).toMatchObject({ code: RpcErrorCode.methodNotFound });
    expect((await client.call("state")).result).toEqual(disconnected);
    client.socket.destroy();
  });

  it("refuses a 10 MB line with an error and closes that connection; others are still served", async () => {
    const other = await LineClient.open(path);
    const flooder = await LineClient.open(path);
    flooder.socket.write(Buffer.alloc(10 * 1024 * 1024, 0x61));
    const reply = await flooder.next();
    expect(reply.error).toMatchObject({ code: RpcErrorCode.messageTooLarge });
    await new Promise<void>((r) => (flooder.closed ? r() : flooder.socket.once("close", () => r())));
    expect((await other.call("version")).result).toMatchObject({ apiVersion: 1 });
    other.socket.destroy();
  });

  it("rate-limits one flooding connection", async () => {
    const client = await LineClient.open(path);
    const line = `${JSON.stringify({ jsonrpc: "2.0", id: 1, method: "state" })}\n`;
    client.socket.write(line.repeat(1000));
    const codes: unknown[] = [];
    for (let i = 0; i < 1000; i++)
      codes.push(((await client.next()).error as { code?: number } | undefined)?.code);
    expect(codes.filter((c) => c === RpcErrorCode.rateLimited).length).toBeGreaterThan(0);
    client.socket.destroy();
  });

  it("with 1,000 user connections at once, a root client is still served", async () => {
    accepted = 0;
    rootAfter = 1000;
    const crowd: LineClient[] = [];
    // In batches: the kernel's listen backlog (net.core.somaxconn) may be below 1,000 on a test machine.
    for (let i = 0; i < 10; i++)
      crowd.push(...(await Promise.all(Array.from({ length: 100 }, () => LineClient.open(path)))));
    const root = await LineClient.open(path);
    expect((await root.call("state")).result).toEqual(disconnected);
    // Past the cap a user client gets an error line and is closed, never left hanging.
    const last = crowd.at(-1)!;
    expect((await last.next()).error).toMatchObject({ code: RpcErrorCode.tooManyConnections });
    expect((await crowd[0]!.call("state")).result).toEqual(disconnected);
    expect(server.connectionCount).toBeLessThanOrEqual(256 + 1);
    for (const c of crowd) c.socket.destroy();
    root.socket.destroy();
    rootAfter = Number.POSITIVE_INFINITY;
  }, 20_000);

  it("sends every event kind to a subscriber and none to others", async () => {
    const sub = await LineClient.open(path);
    const quiet = await LineClient.open(path);
    expect((await sub.call("subscribe")).result).toMatchObject({ state: disconnected });
    const events: ControlEvent[] = [
      {
        kind: "tunnel-state",
        atMs: 1,
        from: disconnected,
        to: { state: "connecting", profileName: "h", sinceMs: 1 },
      },
      { kind: "path-metrics", atMs: 2, paths: [] },
      { kind: "failover", atMs: 3, fromInterface: "eth0", toInterface: "wlan0", detail: "eth0 down" },
      { kind: "alert", atMs: 4, severity: "warning", interface: "wwan0", message: "cap 90% used" },
      { kind: "all-paths-down", atMs: 5, detail: "no path answers" },
    ];
    for (const e of events) server.publish(e);
    for (const e of events) expect(await sub.next()).toEqual({ jsonrpc: "2.0", method: "event", params: e });
    expect((await quiet.call("state")).result).toEqual(disconnected);
    expect(quiet.lines).toEqual([]);
    sub.socket.destroy();
    quiet.socket.destroy();
  });
});
