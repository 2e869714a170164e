// Runs the scenario's traffic: iperf3 TCP between client and internet, and the UDP probe, both through the lab.
import { type ChildProcess, execFile, spawn } from "node:child_process";
import type { LabJournal } from "./lab-journal";
import type { LabNetwork } from "./lab-network";
import { probeEchoScript, probeSendScript } from "./probe-scripts";
import type { TrafficSpec } from "./scenario";

export interface ProbeResult {
  readonly sent: number;
  readonly lost: number;
  readonly max_gap_ms: number;
  readonly rtt_ms: { readonly p50: number | null; readonly p99: number | null };
}

export interface TrafficResult {
  /** client → internet and internet → client, Mbit/s of TCP goodput (received). */
  readonly uploadMbit: number;
  readonly downloadMbit: number;
  readonly probe: ProbeResult;
}

function inNs(ns: string, argv: readonly string[]): readonly string[] {
  return ["ip", "netns", "exec", ns, ...argv];
}

function background(journal: LabJournal, argv: readonly string[]): ChildProcess {
  const child = spawn(argv[0]!, argv.slice(1), { stdio: "ignore" });
  journal.onTeardown(() => {
    if (child.exitCode === null) child.kill("SIGTERM");
  });
  return child;
}

/** Runs a traffic tool; one that outlives its run by `graceMs` (a stalled connection) is killed with an error. */
function output(argv: readonly string[], durationS: number, graceMs = 20_000): Promise<string> {
  return new Promise((resolve, reject) => {
    const timeout = durationS * 1000 + graceMs;
    execFile(argv[0]!, argv.slice(1), { maxBuffer: 64 << 20, timeout }, (error, stdout, stderr) => {
      if (error?.killed)
        reject(
          new Error(
            `lab: ${argv.slice(4, 6).join(" ")} did not finish within ${timeout} ms; the link or tunnel stalled`,
          ),
        );
      else if (error)
        reject(new Error(`lab: ${argv.slice(4, 6).join(" ")} failed: ${stderr || stdout || error.message}`));
      else resolve(stdout);
    });
  });
}

export function startTrafficServers(net: LabNetwork, journal: LabJournal): void {
  background(journal, inNs(net.ns.internet, ["iperf3", "-s", "-B", net.internetAddress]));
  background(journal, inNs(net.ns.internet, [process.execPath, "-e", probeEchoScript]));
}

export async function runTraffic(net: LabNetwork, traffic: TrafficSpec): Promise<TrafficResult> {
  const probe = output(
    inNs(net.ns.client, [
      process.execPath,
      "-e",
      probeSendScript,
      net.internetAddress,
      String(traffic.probeHz),
      String(traffic.durationS),
    ]),
    traffic.durationS,
  );
  let uploadMbit = 0;
  let downloadMbit = 0;
  if (traffic.tcpStreams > 0) {
    const directionArgs = { upload: [], download: ["-R"], both: ["--bidir"] }[traffic.direction];
    const stdout = await output(
      inNs(net.ns.client, [
        "iperf3",
        "-c",
        net.internetAddress,
        "-P",
        String(traffic.tcpStreams),
        "-t",
        String(traffic.durationS),
        "-J",
        "--connect-timeout",
        "5000",
        ...directionArgs,
      ]),
      traffic.durationS,
    );
    const end = JSON.parse(stdout).end;
    const forwardMbit = end.sum_received.bits_per_second / 1e6;
    if (traffic.direction === "upload") uploadMbit = forwardMbit;
    else if (traffic.direction === "download") downloadMbit = forwardMbit;
    else {
      uploadMbit = forwardMbit;
      downloadMbit = end.sum_received_bidir_reverse.bits_per_second / 1e6;
    }
  }
  const probeResult = JSON.parse(await probe) as ProbeResult;
  return { uploadMbit, downloadMbit, probe: probeResult };
}
