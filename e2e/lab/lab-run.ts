// `braid lab run`: builds the lab, runs the scenario's traffic and events, tears down, returns the result object.
import { type LabJournal, labPrefix } from "./lab-journal";
import { buildLabNetwork, type LabNetwork } from "./lab-network";
import { type ProbeResult, runTraffic, startTrafficServers } from "./lab-traffic";
import { type LabTunnel, startLabTunnel } from "./lab-tunnel";
import type { Scenario } from "./scenario";

export interface LabResult {
  readonly mode: string;
  readonly tunnel: boolean;
  readonly goodput_mbit: number;
  readonly upload_mbit?: number;
  readonly download_mbit?: number;
  readonly link_sum_mbit: number;
  readonly efficiency: number;
  readonly probe: ProbeResult;
  readonly events: readonly { t_s: number; kind: string; link: string }[];
  readonly per_link: readonly { name: string; tx_share: number; rtt_ms: number; loss_pct: number }[];
  readonly emulator_cpu_pct: number;
}

export interface LabOptions {
  readonly tunnel: boolean;
  readonly progress: (line: string) => void;
  /** Namespace name prefix (default braidlab-): `braid bench` uses its own, so `braid lab down` leaves it alone. */
  readonly nsPrefix?: string;
}

const round = (value: number, digits = 2) => Number(value.toFixed(digits));

/** Capacity the links offered during the run: each link's rate weighted by the time it was up at that rate. */
export function linkSumMbit(scenario: Scenario): number {
  let total = 0;
  for (const link of scenario.links) {
    let rate = link.rateMbit;
    let up = true;
    let fromS = 0;
    for (const event of scenario.events.filter((e) => e.link === link.name)) {
      if (up) total += rate * (event.atS - fromS);
      fromS = event.atS;
      if (event.action.kind === "set") rate = event.action.rateMbit ?? rate;
      else up = event.action.kind === "up";
    }
    if (up) total += rate * (scenario.traffic.durationS - fromS);
  }
  return total / scenario.traffic.durationS;
}

export function newLabId(): string {
  return Math.floor(Math.random() * 0xffff)
    .toString(16)
    .padStart(4, "0");
}

/** Builds the namespaces and links and starts iperf3 and the probe echo on the internet side (`braid lab up`). */
export async function buildAndServe(
  scenario: Scenario,
  journal: LabJournal,
  options: LabOptions,
): Promise<LabNetwork & { readonly tunnel: LabTunnel | undefined }> {
  const id = newLabId();
  const prefix = options.nsPrefix ?? labPrefix;
  options.progress(`lab ${prefix}${id}: building ${scenario.links.length} links`);
  const net = buildLabNetwork(id, scenario.links, journal, options.tunnel ? "metric" : "ecmp", prefix);
  startTrafficServers(net, journal);
  await new Promise((resolve) => setTimeout(resolve, 500));
  const tunnel = options.tunnel
    ? await startLabTunnel(net, scenario.mode, journal, options.progress)
    : undefined;
  return { ...net, tunnel };
}

export async function runLab(
  scenario: Scenario,
  journal: LabJournal,
  options: LabOptions,
): Promise<LabResult> {
  const net = await buildAndServe(scenario, journal, options);
  const { tunnel } = net;
  options.progress(`lab: traffic for ${scenario.traffic.durationS} s (${scenario.traffic.direction})`);
  const startedMs = performance.now();
  const cpuAtStart = process.cpuUsage();
  const events: { t_s: number; kind: string; link: string }[] = [];
  const timers = scenario.events.map((event) =>
    setTimeout(() => {
      emulatorOf(net, event.link).apply(event.action);
      events.push({
        t_s: round((performance.now() - startedMs) / 1000, 3),
        kind: event.action.kind,
        link: event.link,
      });
      options.progress(`lab: ${event.link} ${event.action.kind} at ${event.atS} s`);
    }, event.atS * 1000),
  );
  const traffic = await runTraffic(net, scenario.traffic).finally(() => timers.forEach(clearTimeout));
  // What Braid saw happen on its paths (down, degraded, failover), beside the scenario's own link events.
  for (const line of tunnel?.events ?? []) {
    const { event } = line;
    if (event.kind !== "path" || !event.path || line.atMs < startedMs) continue;
    events.push({
      t_s: round((line.atMs - startedMs) / 1000, 3),
      kind: event.path.kind,
      link: event.pathName ?? "",
    });
  }
  events.sort((a, b) => a.t_s - b.t_s);
  const cpu = process.cpuUsage(cpuAtStart);
  const wallMs = performance.now() - startedMs;
  const goodput = traffic.uploadMbit + traffic.downloadMbit;
  const directions = scenario.traffic.direction === "both" ? 2 : 1;
  const sum = linkSumMbit(scenario) * directions;
  const reports = net.emulators.map((e) => e.report());
  const totalBytes = reports.reduce((acc, r) => acc + r.up.bytes + r.down.bytes, 0);
  return {
    mode: scenario.mode,
    tunnel: options.tunnel,
    goodput_mbit: round(goodput),
    ...(scenario.traffic.direction === "both" && {
      upload_mbit: round(traffic.uploadMbit),
      download_mbit: round(traffic.downloadMbit),
    }),
    link_sum_mbit: round(sum),
    efficiency: round(sum > 0 ? goodput / sum : 0, 3),
    probe: traffic.probe,
    events,
    per_link: reports.map((r) => {
      const offered = r.up.offered + r.down.offered;
      return {
        name: r.name,
        tx_share: round(totalBytes ? (r.up.bytes + r.down.bytes) / totalBytes : 0, 3),
        rtt_ms: round(r.up.meanOneWayMs + r.down.meanOneWayMs),
        loss_pct: round(offered ? ((r.up.dropped + r.down.dropped) / offered) * 100 : 0),
      };
    }),
    // One process runs every link's emulator: its CPU over the run, percent of one core.
    emulator_cpu_pct: round(((cpu.user + cpu.system) / 1000 / wallMs) * 100, 1),
  };
}

function emulatorOf(net: LabNetwork, link: string) {
  const emulator = net.emulators.find((e) => e.report().name === link);
  if (!emulator) throw new Error(`lab: no emulator for link ${link}`);
  return emulator;
}
