// For the kill switch suite: a tcpdump capture on one interface in a namespace, its packets sorted into what may
// leave (Braid's UDP to the server, ARP, neighbour discovery) and leaks, and a generator of would-be leaks.
import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import { writeFileSync } from "node:fs";
import path from "node:path";

export interface Capture {
  readonly child: ChildProcess;
  readonly file: string;
}

/** Starts tcpdump on dev inside ns, writing every packet to file as it comes; resolves once it listens. */
export function startCapture(ns: string, dev: string, file: string): Promise<Capture> {
  const child = spawn("ip", ["netns", "exec", ns, "tcpdump", "-i", dev, "-nn", "-U", "-w", file], {
    stdio: ["ignore", "ignore", "pipe"],
  });
  let stderr = "";
  return new Promise((resolve, reject) => {
    child.stderr?.on("data", (chunk: Buffer) => {
      stderr += chunk.toString();
      if (stderr.includes("listening on")) resolve({ child, file });
    });
    child.on("exit", (code) => reject(new Error(`tcpdump exited (${code}) before listening: ${stderr}`)));
  });
}

/** Stops the capture (tcpdump flushes on SIGINT) and returns its packets as `tcpdump -nn -e` lines. */
export async function stopCapture(capture: Capture): Promise<string[]> {
  if (capture.child.exitCode === null) {
    const exited = new Promise((resolve) => capture.child.on("exit", resolve));
    capture.child.kill("SIGINT");
    await exited;
  }
  const text = execFileSync("tcpdump", ["-nn", "-e", "-r", capture.file], {
    encoding: "utf8",
    stdio: "pipe",
  });
  return text.split("\n").filter((line) => line.trim() !== "");
}

export interface SortedPackets {
  /** Sent from the client's uplink (its MAC): Braid's UDP to the server's endpoint. */
  readonly braidUdp: number;
  readonly arp: number;
  /** Neighbour and router solicitations and advertisements, MLD reports. */
  readonly neighbourDiscovery: number;
  /** Anything else the client sent: each line, for the failure message. */
  readonly leaks: readonly string[];
  /** Whatever arrived from the other end (not a leak; counted for the record). */
  readonly received: number;
}

const discoveryKinds =
  /ICMP6, (neighbor solicitation|neighbor advertisement|router solicitation|multicast listener report)/;

/** Sorts a capture's lines by who sent them (clientMac) and what they are. */
export function sortPackets(
  lines: readonly string[],
  clientMac: string,
  braid: { readonly from: string; readonly to: string; readonly port: number },
): SortedPackets {
  const sent = lines.filter((line) => line.split(" ")[1]?.toLowerCase() === clientMac.toLowerCase());
  const braidPattern = new RegExp(
    `: ${braid.from.replaceAll(".", "\\.")}\\.\\d+ > ${braid.to.replaceAll(".", "\\.")}\\.${braid.port}: UDP`,
  );
  const braidUdp = sent.filter((line) => line.includes("ethertype IPv4") && braidPattern.test(line));
  const arp = sent.filter((line) => line.includes("ethertype ARP"));
  const discovery = sent.filter((line) => line.includes("ethertype IPv6") && discoveryKinds.test(line));
  const allowed = new Set([...braidUdp, ...arp, ...discovery]);
  return {
    braidUdp: braidUdp.length,
    arp: arp.length,
    neighbourDiscovery: discovery.length,
    leaks: sent.filter((line) => !allowed.has(line)),
    received: lines.length - sent.length,
  };
}

// Runs inside the client namespace: every 100 ms, UDP and TCP towards targets outside the tunnel (and one from a
// socket bound to the uplink's own address), until the time is up or SIGTERM; prints what it tried.
const generatorSource = `
const dgram = require("node:dgram");
const net = require("node:net");
const [durationMs, uplinkAddress, ...targets] = process.argv.slice(2);
const tried = { udp: 0, tcp: 0, sendErrors: 0 };
const udp = dgram.createSocket("udp4");
const bound = dgram.createSocket("udp4");
bound.bind(0, uplinkAddress);
for (const s of [udp, bound]) s.on("error", () => { tried.sendErrors++; });
const timer = setInterval(() => {
  for (const target of targets) {
    for (const [socket, port] of [[udp, 9999], [bound, 53]]) {
      tried.udp++;
      socket.send("leak?", port, target, (error) => { if (error) tried.sendErrors++; });
    }
    tried.tcp++;
    const tcp = net.connect({ host: target, port: 8080, timeout: 80 });
    tcp.on("error", () => undefined).on("timeout", () => tcp.destroy());
  }
}, 100);
const finish = () => { clearInterval(timer); console.log(JSON.stringify(tried)); process.exit(0); };
setTimeout(finish, Number(durationMs));
process.on("SIGTERM", finish);
`;

export interface LeakAttempts {
  readonly processes: readonly ChildProcess[];
  /** Resolves with the UDP/TCP generator's counts once it is done. */
  readonly generatorDone: Promise<{ udp: number; tcp: number; sendErrors: number }>;
}

/**
 * Tries to leak from the client for durationMs: UDP and TCP to every target, ping to each, and ping forced out of
 * the uplink itself (SO_BINDTODEVICE) and to the link's all-nodes group over IPv6.
 */
export function startLeakAttempts(
  ns: string,
  scratch: string,
  uplink: { readonly dev: string; readonly address: string },
  targets: readonly string[],
  durationMs: number,
): LeakAttempts {
  const script = path.join(scratch, "leak-generator.cjs");
  writeFileSync(script, generatorSource);
  const count = String(Math.ceil(durationMs / 200));
  const inNs = (argv: string[]) =>
    spawn("ip", ["netns", "exec", ns, ...argv], { stdio: ["ignore", "pipe", "ignore"] });
  const generator = inNs([process.execPath, script, String(durationMs), uplink.address, ...targets]);
  const pings = [
    ...targets.map((target) => inNs(["ping", "-n", "-q", "-c", count, "-i", "0.2", "-W", "1", target])),
    ...targets.map((target) =>
      inNs(["ping", "-n", "-q", "-c", count, "-i", "0.2", "-W", "1", "-I", uplink.dev, target]),
    ),
    inNs(["ping", "-6", "-n", "-q", "-c", count, "-i", "0.2", "-W", "1", `ff02::1%${uplink.dev}`]),
  ];
  let out = "";
  generator.stdout?.on("data", (chunk: Buffer) => {
    out += chunk.toString();
  });
  const generatorDone = new Promise<{ udp: number; tcp: number; sendErrors: number }>((resolve, reject) =>
    generator.on("exit", (code) =>
      code === 0 ? resolve(JSON.parse(out)) : reject(new Error(`leak generator exited ${code}`)),
    ),
  );
  return { processes: [generator, ...pings], generatorDone };
}

/** Ends every attempt still running (they are ours: started by startLeakAttempts). */
export function stopLeakAttempts(attempts: LeakAttempts | undefined): void {
  for (const child of attempts?.processes ?? []) if (child.exitCode === null) child.kill("SIGTERM");
}
