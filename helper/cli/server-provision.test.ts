// `braid server init` and `add-client` through the command line in a temp folder: the config they leave loads in
// `braid server run`'s parser, and each printed profile (text, link and QR code) is the client the server knows.
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import jsQR from "jsqr";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { parseBraidProfile } from "../config/braid-profile";
import { decodeBraidUri } from "../config/braid-uri";
import { publicKey } from "../engine/crypto/x25519";
import { nodeRandom } from "../platform/node-random";
import type { CliIo } from "./cli-io";
import { runCli } from "./run-cli";
import { loadProfile } from "./tunnel-run";

function capture() {
  const out: string[] = [];
  const err: string[] = [];
  const io: CliIo = { out: (t) => void out.push(t), err: (t) => void err.push(t), readStdin: async () => "" };
  return { io, out: () => out.join(""), err: () => err.join("") };
}

async function braid(...argv: string[]) {
  const c = capture();
  const code = await runCli(argv, c.io, nodeRandom, "test");
  return { code, out: c.out(), err: c.err() };
}

/** The half-block QR drawing as pixels (drawn = light), read by jsQR. */
function readQr(drawing: string): string | undefined {
  const lines = drawing.split("\n").filter((line) => line.length > 0);
  const width = [...(lines[0] ?? "")].length;
  const rows = lines.flatMap((line) => {
    const chars = [...line];
    return [chars.map((c) => c === "▀" || c === "█"), chars.map((c) => c === "▄" || c === "█")];
  });
  const scale = 4;
  const pad = 4 * scale;
  const span = width * scale + 2 * pad;
  const height = rows.length * scale + 2 * pad;
  const pixels = new Uint8ClampedArray(span * height * 4).fill(255);
  rows.forEach((row, y) => {
    row.forEach((light, x) => {
      if (light) return;
      for (let dy = 0; dy < scale; dy++)
        for (let dx = 0; dx < scale; dx++) {
          const offset = ((pad + y * scale + dy) * span + pad + x * scale + dx) * 4;
          pixels.fill(0, offset, offset + 3);
        }
    });
  });
  return jsQR(pixels, span, height, { inversionAttempts: "dontInvert" })?.data;
}

/** Splits add-client's output into the profile text, the link and the QR drawing. */
function sections(out: string) {
  const [, profile = "", link = "", qr = ""] = out.split(
    /^# (?:\S+\.conf: |braid:\/\/ link|QR code of the link).*\n/m,
  );
  return { profile: profile.replace(/\n$/, ""), link: link.trim(), qr };
}

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "braid-provision-"));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe("braid server init and add-client", () => {
  it("sets up a server and two clients whose printed profiles match the server's peers", async () => {
    const init = await braid("server", "init", "--dir", dir, "--endpoint", "vpn.example.test");
    expect(init.code).toBe(0);
    expect(init.out).toContain("braid server add-client laptop --config");
    const config = join(dir, "server.conf");
    expect(statSync(config).mode & 0o777).toBe(0o600);

    const clients = [];
    for (const name of ["laptop", "phone"]) {
      const added = await braid("server", "add-client", name, "--config", config);
      expect(added.err).toContain(`added ${name}`);
      expect(added.code).toBe(0);
      clients.push({ name, ...sections(added.out) });
    }

    const io = capture();
    const server = loadProfile(io.io, "braid server run", config)?.wireguard;
    if (!server) throw new Error(io.err());
    expect(server.interface.listenPort).toBe(51820);
    expect(server.interface.addresses).toEqual(["10.88.0.1/24"]);
    expect(server.peers.map((peer) => peer.allowedIps)).toEqual([["10.88.0.2/32"], ["10.88.0.3/32"]]);
    expect(readFileSync(config, "utf8")).toMatch(
      /\[Peer\]\n# Name = laptop\n[\s\S]*\[Peer\]\n# Name = phone\n/,
    );
    expect(statSync(config).mode & 0o777).toBe(0o600);
    expect(readdirSync(dir)).toEqual(["server.conf"]); // no temp or lock file left

    clients.forEach((client, i) => {
      const parsed = parseBraidProfile(client.profile);
      if (!parsed.ok) throw new Error(parsed.error);
      const profile = parsed.profile.wireguard;
      const serverPeer = server.peers[i];
      expect(publicKey(profile.interface.privateKey)).toEqual(serverPeer?.publicKey);
      expect(profile.peers[0]?.publicKey).toEqual(publicKey(server.interface.privateKey));
      expect(profile.peers[0]?.presharedKey).toEqual(serverPeer?.presharedKey);
      expect(profile.peers[0]?.endpoint).toEqual({ host: "vpn.example.test", port: 51820 });
      expect(profile.interface.addresses).toEqual([`10.88.0.${i + 2}/32`]);

      const link = decodeBraidUri(client.link);
      if (!link.ok) throw new Error(link.error);
      expect(link.text).toBe(client.profile);
      expect(link.name).toBe(client.name);
      expect(readQr(client.qr)).toBe(client.link);
    });
    expect(clients[0]?.profile).not.toBe(clients[1]?.profile);
  });

  it("refuses to overwrite a config, a duplicate or invalid name, and leaves the config as it was", async () => {
    const config = join(dir, "server.conf");
    expect(
      (await braid("server", "init", "--dir", dir, "--port", "443", "--address", "10.99.0.1/16")).code,
    ).toBe(0);
    const first = readFileSync(config, "utf8");
    const again = await braid("server", "init", "--dir", dir);
    expect(again.code).toBe(1);
    expect(again.err).toContain("already exists; it is kept as it is");
    expect(readFileSync(config, "utf8")).toBe(first);

    const noEndpoint = await braid("server", "add-client", "laptop", "--config", config);
    expect(noEndpoint.code).toBe(1);
    expect(noEndpoint.err).toContain("pass --endpoint HOST:PORT");
    const added = await braid(
      "server",
      "add-client",
      "laptop",
      "--config",
      config,
      "--endpoint",
      "[2001:db8::1]:443",
    );
    expect(added.code).toBe(0);
    expect(added.out).toContain("Endpoint = [2001:db8::1]:443");
    expect(added.out).toContain("Address = 10.99.0.2/32");
    const withOne = readFileSync(config, "utf8");

    for (const [args, message] of [
      [["Laptop", "--endpoint", "a:1"], 'a client named "laptop" is already in the config'],
      [["my laptop", "--endpoint", "a:1"], '"my laptop" is not a client name'],
      [["-x", "--endpoint", "a:1"], "is not a client name"],
      [["tablet", "--endpoint", "nope"], '--endpoint: "nope" is not HOST:PORT'],
      [["tablet", "extra"], "name one client"],
    ] as const) {
      const refused = await braid("server", "add-client", ...args, "--config", config);
      expect(refused.code).not.toBe(0);
      expect(refused.err).toContain(message);
      expect(refused.out).toBe("");
    }
    expect(readFileSync(config, "utf8")).toBe(withOne);
    expect(readdirSync(dir)).toEqual(["server.conf"]);
  });

  it("refuses bad init options and an add-client while another holds the lock", async () => {
    for (const [args, message] of [
      [["--port", "0"], '--port: "0" is not a UDP port'],
      [["--address", "10.88.0.0/24"], "network address"],
      [["--endpoint", "vpn.example.test:51820"], "the port comes from --port"],
      [["stray"], 'unexpected "stray"'],
    ] as const) {
      const refused = await braid("server", "init", "--dir", dir, ...args);
      expect(refused.code).toBe(2);
      expect(refused.err).toContain(message);
    }
    expect(readdirSync(dir)).toEqual([]);
    await braid("server", "init", "--dir", dir, "--endpoint", "vpn.example.test");
    const config = join(dir, "server.conf");
    writeFileSync(`${config}.lock`, "");
    const locked = await braid("server", "add-client", "laptop", "--config", config);
    expect(locked.code).toBe(1);
    expect(locked.err).toContain("server.conf.lock exists");
    expect(readFileSync(config, "utf8")).not.toContain("[Peer]");
  });

  it("lists init and add-client in braid server --help", async () => {
    const help = await braid("server", "--help");
    expect(help.out).toContain("braid server init [--dir DIR] [--port N] [--address CIDR] [--endpoint HOST]");
    expect(help.out).toContain("braid server add-client NAME [--config FILE] [--endpoint HOST:PORT]");
  });
});
