// Interop smoke check: Braid's WireGuardDevice against a real wireguard-go in a network namespace, both ways.
// Phase 1: Braid initiates and pings through the tunnel. Phase 2: wireguard-go initiates (pinging us) while our
// device is "under load", so it must also honour our cookie reply and retry with mac2.
// Needs root, ip, wg and wireguard-go; exits 0 on success, 1 on failure, 77 when it cannot run here.
import { spawn, spawnSync } from "node:child_process";
import { randomFillSync } from "node:crypto";
import dgram from "node:dgram";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";

const root = path.join(path.dirname(fileURLToPath(import.meta.url)), "..", "..");
const scratch = mkdtempSync(path.join(tmpdir(), "braid-wg-smoke-"));
const suffix = String(process.pid % 100000);
const netns = `braid-wg-${suffix}`;
const vethHost = `bwg${suffix}h`;
const vethNs = `bwg${suffix}n`;
const wgIf = `wgs${suffix}`;
const hostAddress = "10.231.0.1";
const nsAddress = "10.231.0.2";
const serverPort = 51820;
const tunnelServer = "10.77.0.1";
const tunnelClient1 = "10.77.0.2";
const tunnelClient2 = "10.77.0.3";

let wireguardGo;

function sh(args, input) {
  const result = spawnSync(args[0], args.slice(1), { input, encoding: "utf8" });
  if (result.status !== 0) {
    throw new Error(`${args.join(" ")} failed (${result.status}): ${result.stderr || result.stdout}`);
  }
  return result.stdout.trim();
}

const inNs = (...args) => sh(["ip", "netns", "exec", netns, ...args]);

function cleanup() {
  if (wireguardGo !== undefined && wireguardGo.exitCode === null) wireguardGo.kill("SIGTERM");
  spawnSync("ip", ["netns", "del", netns]);
  spawnSync("ip", ["link", "del", vethHost]);
  rmSync(scratch, { recursive: true, force: true });
}

for (const signal of ["SIGINT", "SIGTERM"]) {
  process.on(signal, () => {
    cleanup();
    process.exit(1);
  });
}

function skipUnlessRunnable() {
  if (process.getuid?.() !== 0) return "needs root (network namespaces, TUN)";
  for (const tool of ["ip", "wg", "wireguard-go"]) {
    if (spawnSync("sh", ["-c", `command -v ${tool}`]).status !== 0) return `${tool} is not installed`;
  }
  return undefined;
}

/** Bundles the engine's TypeScript so this plain .mjs can use it; require resolves from the repo root. */
async function loadEngine() {
  const outfile = path.join(scratch, "engine.mjs");
  await build({
    stdin: {
      contents: [
        'export { WireGuardDevice } from "./helper/engine/wireguard/wireguard-device.ts";',
        'export { generatePrivateKey, publicKey } from "./helper/engine/crypto/x25519.ts";',
        'export { availableAeads } from "./helper/engine/crypto/aead-backends.ts";',
      ].join("\n"),
      resolveDir: root,
      loader: "ts",
    },
    bundle: true,
    platform: "node",
    format: "esm",
    target: "node20",
    external: ["sodium-native"],
    banner: {
      js: `import { createRequire as __braidCreateRequire } from "node:module"; const require = __braidCreateRequire(${JSON.stringify(path.join(root, "package.json"))});`,
    },
    outfile,
    logLevel: "warning",
  });
  return import(outfile);
}

function setUpNamespace(serverPrivateKey) {
  sh(["ip", "netns", "add", netns]);
  sh(["ip", "link", "add", vethHost, "type", "veth", "peer", "name", vethNs]);
  sh(["ip", "link", "set", vethNs, "netns", netns]);
  sh(["ip", "addr", "add", `${hostAddress}/24`, "dev", vethHost]);
  sh(["ip", "link", "set", vethHost, "up"]);
  inNs("ip", "link", "set", "lo", "up");
  inNs("ip", "addr", "add", `${nsAddress}/24`, "dev", vethNs);
  inNs("ip", "link", "set", vethNs, "up");
  wireguardGo = spawn("ip", ["netns", "exec", netns, "wireguard-go", "-f", wgIf], {
    env: { ...process.env, WG_PROCESS_FOREGROUND: "1", LOG_LEVEL: "error" },
    stdio: ["ignore", "ignore", "inherit"],
  });
  const keyFile = path.join(scratch, "server.key");
  writeFileSync(keyFile, `${serverPrivateKey}\n`, { mode: 0o600 });
  const deadline = Date.now() + 5000;
  for (;;) {
    const probe = spawnSync("ip", ["netns", "exec", netns, "wg", "show", wgIf]);
    if (probe.status === 0) break;
    if (Date.now() > deadline) throw new Error("wireguard-go did not come up within 5 s");
    spawnSync("sleep", ["0.1"]);
  }
  inNs("wg", "set", wgIf, "private-key", keyFile, "listen-port", String(serverPort));
  inNs("ip", "addr", "add", `${tunnelServer}/24`, "dev", wgIf);
  inNs("ip", "link", "set", wgIf, "up");
}

// --- a tiny IPv4/ICMP echo codec -------------------------------------------------------------------------------

function checksum(bytes) {
  let sum = 0;
  for (let i = 0; i < bytes.length; i += 2) sum += (bytes[i] << 8) | (bytes[i + 1] ?? 0);
  while (sum > 0xffff) sum = (sum & 0xffff) + (sum >>> 16);
  return ~sum & 0xffff;
}

const ipBytes = (text) => text.split(".").map(Number);

function icmpEcho(type, src, dst, id, seq, payload) {
  const packet = new Uint8Array(20 + 8 + payload.length);
  const view = new DataView(packet.buffer);
  packet[0] = 0x45;
  view.setUint16(2, packet.length);
  view.setUint16(4, seq);
  packet[8] = 64;
  packet[9] = 1;
  packet.set(ipBytes(src), 12);
  packet.set(ipBytes(dst), 16);
  view.setUint16(10, checksum(packet.subarray(0, 20)));
  packet[20] = type;
  view.setUint16(24, id);
  view.setUint16(26, seq);
  packet.set(payload, 28);
  view.setUint16(22, checksum(packet.subarray(20)));
  return packet;
}

/** An ICMP echo (request 8 / reply 0) inside a decrypted plaintext, which may carry WireGuard's zero padding. */
function parseIcmpEcho(plaintext) {
  if (plaintext.length < 28 || plaintext[0] !== 0x45 || plaintext[9] !== 1) return undefined;
  const view = new DataView(plaintext.buffer, plaintext.byteOffset, plaintext.length);
  const totalBytes = view.getUint16(2);
  if (totalBytes > plaintext.length) return undefined;
  const ip = (offset) => [...plaintext.subarray(offset, offset + 4)].join(".");
  return {
    type: plaintext[20],
    src: ip(12),
    dst: ip(16),
    id: view.getUint16(24),
    seq: view.getUint16(26),
    payload: plaintext.slice(28, totalBytes),
  };
}

// --- the two phases ------------------------------------------------------------------------------------------

const clock = { nowMs: () => performance.now() };
const wallClock = { unixNowMs: () => Date.now() };
const random = { fill: (bytes) => randomFillSync(bytes) };

function openSocket() {
  return new Promise((resolve) => {
    const socket = dgram.createSocket("udp4");
    socket.bind(0, hostAddress, () => resolve(socket));
  });
}

/** Drives one device from socket events and its own deadlines (the platform's job) until done() or timeout. */
function drive(device, socket, onResult, timeoutMs) {
  return new Promise((resolve, reject) => {
    const send = (datagram, port = serverPort, address = nsAddress) => socket.send(datagram, port, address);
    const finish = (error, value) => {
      clearInterval(ticker);
      clearTimeout(timer);
      socket.removeAllListeners("message");
      if (error) reject(error);
      else resolve(value);
    };
    const timer = setTimeout(() => finish(new Error(`timed out after ${timeoutMs} ms`)), timeoutMs);
    const runTimers = () => {
      const nowMs = clock.nowMs();
      if (device.nextDeadlineMs() > nowMs) return;
      for (const out of device.tick(nowMs)) send(out.datagram);
    };
    const ticker = setInterval(runTimers, 20);
    socket.on("message", (message, remote) => {
      const result = device.receive(new Uint8Array(message), clock.nowMs(), {
        address: remote.address,
        port: remote.port,
      });
      if (result.kind === "reply") send(result.datagram, remote.port, remote.address);
      onResult(result, { send, done: (value) => finish(undefined, value), fail: (error) => finish(error) });
      runTimers();
    });
    onResult(
      { kind: "start" },
      { send, done: (value) => finish(undefined, value), fail: (error) => finish(error) },
    );
    runTimers();
  });
}

async function braidInitiates(engine, serverPublicKey, aead) {
  const privateKey = engine.generatePrivateKey(random);
  const clientPublicKey = Buffer.from(engine.publicKey(privateKey)).toString("base64");
  const wgPubkey = sh(["wg", "pubkey"], `${Buffer.from(privateKey).toString("base64")}\n`);
  if (wgPubkey !== clientPublicKey)
    throw new Error(`wg pubkey says ${wgPubkey}, we computed ${clientPublicKey}`);
  inNs("wg", "set", wgIf, "peer", clientPublicKey, "allowed-ips", `${tunnelClient1}/32`);

  const device = new engine.WireGuardDevice({ privateKey, clock, wallClock, random, aead });
  const peer = device.addPeer({ publicKey: new Uint8Array(Buffer.from(serverPublicKey, "base64")) });
  const socket = await openSocket();
  const payload = new TextEncoder().encode("braid interop smoke check, 56 bytes of ICMP payload!!!!");
  const request = icmpEcho(8, tunnelClient1, tunnelServer, 0x4252, 1, payload);
  let echoSent = false;
  const sendEcho = (send) => {
    const result = device.encrypt(peer, request, clock.nowMs());
    if (result.kind === "datagram") {
      send(result.datagram);
      echoSent = true;
    }
  };
  try {
    const reply = await drive(
      device,
      socket,
      (result, { send, done, fail }) => {
        if (result.kind === "start") sendEcho(send);
        else if (result.kind === "handshake-complete") {
          send(result.keepalive);
          if (!echoSent) sendEcho(send);
        } else if (result.kind === "transport" && result.plaintext.length > 0) {
          const echo = parseIcmpEcho(result.plaintext);
          if (echo?.type === 0 && echo.id === 0x4252 && echo.src === tunnelServer) done(echo);
        } else if (result.kind === "dropped") fail(new Error(`dropped a datagram: ${result.reason}`));
      },
      10_000,
    );
    if (Buffer.compare(Buffer.from(reply.payload), Buffer.from(payload)) !== 0)
      throw new Error("echo payload differs");
    return {
      handshakes: peer.stats.handshakesCompleted,
      rxBytes: peer.stats.rxBytes,
      txBytes: peer.stats.txBytes,
    };
  } finally {
    socket.close();
  }
}

async function wireguardGoInitiates(engine, serverPublicKey) {
  const privateKey = engine.generatePrivateKey(random);
  const clientPublicKey = Buffer.from(engine.publicKey(privateKey)).toString("base64");
  const device = new engine.WireGuardDevice({
    privateKey,
    clock,
    wallClock,
    random,
    isUnderLoad: () => true,
  });
  const peer = device.addPeer({ publicKey: new Uint8Array(Buffer.from(serverPublicKey, "base64")) });
  const socket = await openSocket();
  const port = socket.address().port;
  inNs(
    "wg",
    "set",
    wgIf,
    "peer",
    clientPublicKey,
    "allowed-ips",
    `${tunnelClient2}/32`,
    "endpoint",
    `${hostAddress}:${port}`,
  );
  let cookieReplies = 0;
  const ping = spawn("ip", ["netns", "exec", netns, "ping", "-c", "1", "-W", "15", tunnelClient2], {
    stdio: "ignore",
  });
  const pingDone = new Promise((resolve) => ping.on("exit", (code) => resolve(code)));
  try {
    await drive(
      device,
      socket,
      (result, { send, done }) => {
        if (result.kind === "reply" && result.peer === undefined) cookieReplies++;
        if (result.kind !== "transport" || result.plaintext.length === 0) return;
        const echo = parseIcmpEcho(result.plaintext);
        if (echo?.type !== 8 || echo.dst !== tunnelClient2) return;
        const reply = icmpEcho(0, tunnelClient2, echo.src, echo.id, echo.seq, echo.payload);
        const sealed = device.encrypt(peer, reply, clock.nowMs());
        if (sealed.kind === "datagram") send(sealed.datagram);
        done();
      },
      20_000,
    );
    const code = await pingDone;
    if (code !== 0) throw new Error(`ping inside the namespace exited with ${code}`);
    if (cookieReplies === 0) throw new Error("expected at least one cookie reply while under load");
    return { cookieReplies, handshakes: peer.stats.handshakesCompleted };
  } finally {
    if (ping.exitCode === null) ping.kill();
    socket.close();
  }
}

const skipReason = skipUnlessRunnable();
if (skipReason !== undefined) {
  console.log(`wg-handshake-smoke: skipped, ${skipReason}`);
  rmSync(scratch, { recursive: true, force: true });
  process.exit(77);
}

let exitCode = 1;
try {
  const engine = await loadEngine();
  const serverPrivateKey = sh(["wg", "genkey"]);
  const serverPublicKey = sh(["wg", "pubkey"], `${serverPrivateKey}\n`);
  setUpNamespace(serverPrivateKey);
  for (const aead of engine.availableAeads()) {
    const first = await braidInitiates(engine, serverPublicKey, aead);
    console.log(
      `ok  Braid initiates (${aead.backend}): handshake + ICMP echo via wireguard-go ${JSON.stringify(first)}`,
    );
  }
  const second = await wireguardGoInitiates(engine, serverPublicKey);
  console.log(
    `ok  wireguard-go initiates under our load: cookie, mac2 retry, ping answered ${JSON.stringify(second)}`,
  );
  exitCode = 0;
} catch (error) {
  console.error(`FAILED wg-handshake-smoke: ${error instanceof Error ? error.message : error}`);
} finally {
  cleanup();
}
process.exit(exitCode);
