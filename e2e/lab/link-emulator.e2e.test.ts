// Root only: one emulated link between two namespaces carries ping at 2 × delay_ms and iperf3 at about rate_mbit.
import { execFile, execFileSync } from "node:child_process";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { LinuxTun } from "../../helper/platform/tun-linux";
import { LinkEmulator } from "./link-emulator";

const run = promisify(execFile);
const isRoot = process.getuid?.() === 0;
const id = `ble${process.pid % 10000}`;
const nsA = `braidlab-${id}-a`;
const nsB = `braidlab-${id}-b`;
let emulator: LinkEmulator | undefined;

const ip = (...args: string[]) => execFileSync("ip", args, { stdio: "pipe" });

describe.skipIf(!isRoot)("emulated link between two namespaces (needs root)", () => {
  beforeAll(() => {
    ip("netns", "add", nsA);
    ip("netns", "add", nsB);
    const a = LinuxTun.open(`${id}a`, 1500);
    const b = LinuxTun.open(`${id}b`, 1500);
    for (const [dev, ns, address] of [
      [a.name, nsA, "10.250.0.2/24"],
      [b.name, nsB, "10.250.0.1/24"],
    ] as const) {
      ip("link", "set", dev, "netns", ns);
      ip("-n", ns, "addr", "add", address, "dev", dev);
      ip("-n", ns, "link", "set", dev, "mtu", "1500", "up");
      ip("-n", ns, "link", "set", "lo", "up");
    }
    emulator = new LinkEmulator(
      { name: "test", rateMbit: 20, delayMs: 15, jitterMs: 0, lossPct: 0, queueMs: 50 },
      a,
      b,
    );
    emulator.start();
  });

  afterAll(() => {
    emulator?.close();
    for (const ns of [nsA, nsB]) execFileSync("ip", ["netns", "del", ns], { stdio: "ignore" });
  });

  it("adds delay_ms each way: ping RTT ≈ 2 × delay_ms", async () => {
    const { stdout } = await run("ip", [
      "netns",
      "exec",
      nsA,
      "ping",
      "-c",
      "5",
      "-i",
      "0.2",
      "-q",
      "10.250.0.1",
    ]);
    const avg = Number(/= [\d.]+\/([\d.]+)\//.exec(stdout)?.[1]);
    process.stderr.write(`ping through a 15 ms link: avg ${avg} ms\n`);
    expect(avg).toBeGreaterThan(30);
    expect(avg).toBeLessThan(34);
  });

  it("carries about rate_mbit (iperf3 TCP)", async () => {
    const server = execFile("ip", ["netns", "exec", nsB, "iperf3", "-s", "-1", "-B", "10.250.0.1"]);
    await new Promise((resolve) => setTimeout(resolve, 300));
    const { stdout } = await run("ip", ["netns", "exec", nsA, "iperf3", "-c", "10.250.0.1", "-t", "3", "-J"]);
    server.kill();
    const mbit = JSON.parse(stdout).end.sum_received.bits_per_second / 1e6;
    const report = emulator!.report();
    process.stderr.write(
      `iperf3 through a 20 Mbit/s link: ${mbit.toFixed(2)} Mbit/s, emulator CPU ${report.cpuPct.toFixed(1)}%\n`,
    );
    expect(mbit).toBeGreaterThan(17);
    expect(mbit).toBeLessThan(20.5);
  }, 15_000);
});
