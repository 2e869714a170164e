// One single-path case of `braid bench`: two namespaces bbench-<id>-s/-c on one veth, a tunnel kind between them
// (none, wireguard-go, Braid, or Braid's client against wireguard-go), then ping idle, iperf3 both ways with ping
// beside it, and the tunnel processes' CPU. Everything it creates is journaled and removed by the caller.
import { type ChildProcess, execFile, spawn, spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { writeFileSync } from "node:fs";
import path from "node:path";
import { type LabJournal, removeNamespace } from "../lab/lab-journal";
import { pingFigures, pingRtts } from "./bench-ping";
import type { SinglePathKind, SinglePathRow } from "./bench-result";
import { keyPair, scratchDir, startBraidIn, startWireguardGo } from "./bench-tunnels";
import { cpuMeter } from "./process-cpu";

export const benchNsPrefix = "bbench-";

export interface SinglePathTiming {
  readonly iperfSeconds: number;
  readonly idlePings: number;
}

export const singlePathLabels: Record<SinglePathKind, string> = {
  veth: "raw veth (no tunnel)",
  "wireguard-go": "wireguard-go ↔ wireguard-go",
  braid: "Braid client ↔ Braid server",
  "braid-vs-wireguard-go": "Braid client ↔ wireguard-go server",
};

const underlay = { server: "10.236.0.1", client: "10.236.0.2" };
const tunnel = { server: "10.68.0.1", client: "10.68.0.2" };
const port = 51830;

interface Tunnel {
  readonly target: string;
  /** Tunnel processes: [server, client], empty for the raw veth. */
  readonly pids: readonly number[];
}

async function startTunnel(
  kind: SinglePathKind,
  ns: { server: string; client: string },
  id: string,
  journal: LabJournal,
): Promise<Tunnel> {
  if (kind === "veth") return { target: underlay.server, pids: [] };
  const scratch = scratchDir(journal);
  const server = keyPair();
  const client = keyPair();
  const serverEnd = (dev: string) => ({
    ns: ns.server,
    dev,
    keys: server,
    address: tunnel.server,
    listenPort: port,
    peer: { publicKey: client.publicKey, allowedIp: `${tunnel.client}/32` },
  });
  const braidClient = () => {
    const profile = path.join(scratch, "client.conf");
    writeFileSync(
      profile,
      `[Interface]\nPrivateKey = ${client.privateKey}\nAddress = ${tunnel.client}/24\n\n` +
        `[Peer]\nPublicKey = ${server.publicKey}\nEndpoint = ${underlay.server}:${port}\n` +
        `AllowedIPs = ${tunnel.server}/32\n`,
      { mode: 0o600 },
    );
    return startBraidIn(journal, ns.client, ["up", profile, "--foreground"]);
  };
  if (kind === "wireguard-go") {
    const serverPid = await startWireguardGo(journal, serverEnd(`bbw${id}s`), scratch);
    const clientPid = await startWireguardGo(
      journal,
      {
        ns: ns.client,
        dev: `bbw${id}c`,
        keys: client,
        address: tunnel.client,
        peer: {
          publicKey: server.publicKey,
          allowedIp: `${tunnel.server}/32`,
          endpoint: `${underlay.server}:${port}`,
        },
      },
      scratch,
    );
    return { target: tunnel.server, pids: [serverPid, clientPid] };
  }
  if (kind === "braid-vs-wireguard-go") {
    const serverPid = await startWireguardGo(journal, serverEnd(`bbw${id}s`), scratch);
    return { target: tunnel.server, pids: [serverPid, await braidClient()] };
  }
  const config = path.join(scratch, "server.conf");
  writeFileSync(
    config,
    `[Interface]\nPrivateKey = ${server.privateKey}\nAddress = ${tunnel.server}/24\nListenPort = ${port}\n\n` +
      `[Peer]\nPublicKey = ${client.publicKey}\nAllowedIPs = ${tunnel.client}/32\n`,
    { mode: 0o600 },
  );
  const serverPid = await startBraidIn(journal, ns.server, ["server", "run", "--config", config]);
  return { target: tunnel.server, pids: [serverPid, await braidClient()] };
}

interface IperfFigures {
  readonly mbit: number;
  readonly retransmits: number;
}

function iperf(ns: string, target: string, seconds: number, reverse: boolean): Promise<IperfFigures> {
  const argv = ["netns", "exec", ns, "iperf3", "-c", target, "-t", String(seconds), "-J"];
  argv.push("--connect-timeout", "5000", ...(reverse ? ["-R"] : []));
  return new Promise((resolve, reject) => {
    execFile("ip", argv, { timeout: seconds * 1000 + 20_000, maxBuffer: 16 << 20 }, (error, stdout) => {
      let report: {
        error?: string;
        end?: { sum_received?: { bits_per_second: number }; sum_sent?: { retransmits?: number } };
      };
      try {
        report = JSON.parse(stdout);
      } catch {
        reject(
          new Error(`iperf3 to ${target}${reverse ? " -R" : ""}: ${error?.message ?? "no JSON report"}`),
        );
        return;
      }
      const received = report.end?.sum_received?.bits_per_second;
      if (report.error !== undefined || received === undefined)
        reject(new Error(`iperf3 to ${target}${reverse ? " -R" : ""}: ${report.error ?? "no result"}`));
      else resolve({ mbit: received / 1e6, retransmits: report.end?.sum_sent?.retransmits ?? 0 });
    });
  });
}

async function waitForAnswer(ns: string, target: string): Promise<void> {
  const deadline = performance.now() + 15_000;
  while (spawnSync("ip", ["netns", "exec", ns, "ping", "-c", "1", "-W", "1", target]).status !== 0) {
    if (performance.now() > deadline) throw new Error(`${target} did not answer a ping within 15 s`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

const round = (value: number, digits = 2) => Number(value.toFixed(digits));

export async function runSinglePathCase(
  kind: SinglePathKind,
  timing: SinglePathTiming,
  journal: LabJournal,
  progress: (line: string) => void,
): Promise<SinglePathRow> {
  const id = randomBytes(3).toString("hex");
  const ns = { server: `${benchNsPrefix}${id}-s`, client: `${benchNsPrefix}${id}-c` };
  for (const name of [ns.server, ns.client]) {
    journal.change(["ip", "netns", "add", name]);
    journal.onTeardown(() => removeNamespace(name));
    journal.change(["ip", "-n", name, "link", "set", "lo", "up"]);
  }
  const dev = { server: `bb${id}s`, client: `bb${id}c` };
  const peer = ["peer", "name", dev.client, "netns", ns.client];
  journal.change(["ip", "link", "add", dev.server, "netns", ns.server, "type", "veth", ...peer]);
  for (const side of ["server", "client"] as const) {
    journal.change(["ip", "-n", ns[side], "address", "add", `${underlay[side]}/24`, "dev", dev[side]]);
    journal.change(["ip", "-n", ns[side], "link", "set", dev[side], "up"]);
  }
  progress(`bench: ${kind}: namespaces ${ns.server}, ${ns.client}`);
  const { target, pids } = await startTunnel(kind, ns, id, journal);
  await waitForAnswer(ns.client, target);
  const iperfServer = spawnIperfServer(ns.server, journal);
  await new Promise((resolve) => setTimeout(resolve, 300));
  if (iperfServer.exitCode !== null)
    throw new Error(`iperf3 -s in ${ns.server} exited (${iperfServer.exitCode})`);

  const idle = await pingRtts(ns.client, target, timing.idlePings);
  const loadedRtts: number[] = [];
  let loadedSent = 0;
  const directions: IperfFigures[] = [];
  const cpu = { server: 0, client: 0 };
  for (const reverse of [false, true]) {
    progress(`bench: ${kind}: iperf3 ${reverse ? "download" : "upload"} for ${timing.iperfSeconds} s`);
    const meter = cpuMeter(pids);
    // Pings start once TCP has ramped up and stop before it ends, so all of them see the loaded path.
    const pings = Math.max(10, Math.floor((timing.iperfSeconds - 1) * 100));
    const loaded = new Promise<number[]>((resolve, reject) =>
      setTimeout(() => pingRtts(ns.client, target, pings).then(resolve, reject), 500),
    );
    // Handled at once: if iperf3 fails first, the ping must not end the process as an unhandled rejection later.
    loaded.catch(() => {});
    directions.push(await iperf(ns.client, target, timing.iperfSeconds, reverse));
    const [serverPct = 0, clientPct = 0] = meter();
    cpu.server += serverPct / 2;
    cpu.client += clientPct / 2;
    loadedRtts.push(...(await loaded));
    loadedSent += pings;
  }
  const [upload, download] = directions as [IperfFigures, IperfFigures];
  return {
    kind,
    label: singlePathLabels[kind],
    upload_mbit: round(upload.mbit),
    download_mbit: round(download.mbit),
    runs: [{ upload_mbit: round(upload.mbit), download_mbit: round(download.mbit) }],
    upload_retransmits: upload.retransmits,
    download_retransmits: download.retransmits,
    idle_ping_ms: pingFigures(idle, timing.idlePings),
    loaded_ping_ms: pingFigures(loadedRtts, loadedSent),
    tunnel_cpu_pct: pids.length === 0 ? null : { server: round(cpu.server, 1), client: round(cpu.client, 1) },
  };
}

function spawnIperfServer(ns: string, journal: LabJournal): ChildProcess {
  const child = spawn("ip", ["netns", "exec", ns, "iperf3", "-s"], { stdio: "ignore" });
  journal.onTeardown(() => {
    if (child.exitCode === null) child.kill("SIGKILL");
  });
  return child;
}
