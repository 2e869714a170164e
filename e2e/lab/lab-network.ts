// Builds the lab's namespaces: client (one uplink per link), router, server, internet; every change journaled.
//   client ─[link i: TUN pair + emulator]─ router ─veth─ server ─veth─ internet (iperf3 server, probe echo)
import { LinuxTun } from "../../helper/platform/tun-linux";
import type { LabJournal } from "./lab-journal";
import { labPrefix, removeNamespace } from "./lab-journal";
import { LinkEmulator } from "./link-emulator";
import type { LinkSpec } from "./scenario";

export interface LabNetwork {
  readonly id: string;
  readonly ns: {
    readonly client: string;
    readonly router: string;
    readonly server: string;
    readonly internet: string;
  };
  readonly serverAddress: string;
  readonly internetAddress: string;
  readonly emulators: readonly LinkEmulator[];
}

export function buildLabNetwork(
  id: string,
  links: readonly LinkSpec[],
  journal: LabJournal,
  routing: "ecmp" | "metric",
  prefix = labPrefix,
): LabNetwork {
  const ns = {
    client: `${prefix}${id}-client`,
    router: `${prefix}${id}-router`,
    server: `${prefix}${id}-server`,
    internet: `${prefix}${id}-internet`,
  };
  for (const name of Object.values(ns)) {
    journal.change(["ip", "netns", "add", name]);
    journal.onTeardown(() => removeNamespace(name));
    journal.change(["ip", "-n", name, "link", "set", "lo", "up"]);
  }
  for (const name of [ns.router, ns.server]) {
    journal.change(["ip", "netns", "exec", name, "sysctl", "-q", "-w", "net.ipv4.ip_forward=1"]);
  }
  const ip = (name: string, ...args: string[]) => journal.change(["ip", "-n", name, ...args]);
  // router ↔ server, server ↔ internet: veth pairs created inside namespaces (never in the host's).
  ip(ns.router, "link", "add", "toserver", "type", "veth", "peer", "name", "torouter", "netns", ns.server);
  ip(ns.router, "addr", "add", "10.201.0.1/24", "dev", "toserver");
  ip(ns.router, "link", "set", "toserver", "up");
  ip(ns.server, "addr", "add", "10.201.0.2/24", "dev", "torouter");
  ip(ns.server, "link", "set", "torouter", "up");
  ip(ns.server, "route", "add", "default", "via", "10.201.0.1");
  ip(
    ns.server,
    "link",
    "add",
    "tointernet",
    "type",
    "veth",
    "peer",
    "name",
    "toserver",
    "netns",
    ns.internet,
  );
  ip(ns.server, "addr", "add", "10.202.0.1/24", "dev", "tointernet");
  ip(ns.server, "link", "set", "tointernet", "up");
  ip(ns.internet, "addr", "add", "10.202.0.2/24", "dev", "toserver");
  ip(ns.internet, "link", "set", "toserver", "up");
  ip(ns.internet, "route", "add", "default", "via", "10.202.0.1");
  ip(ns.router, "route", "add", "10.202.0.0/24", "via", "10.201.0.2");

  const emulators: LinkEmulator[] = [];
  const nexthops: string[] = [];
  links.forEach((link, i) => {
    // TUNs are born in the root namespace under unique names, then moved and renamed; the fds stay here.
    const clientEnd = LinuxTun.open(`bl${id}-${i}c`, 1500);
    const routerEnd = LinuxTun.open(`bl${id}-${i}r`, 1500);
    const emulator = new LinkEmulator(link, clientEnd, routerEnd);
    journal.onTeardown(() => emulator.close());
    journal.change(["ip", "link", "set", clientEnd.name, "netns", ns.client]);
    journal.change(["ip", "link", "set", routerEnd.name, "netns", ns.router]);
    ip(ns.client, "link", "set", clientEnd.name, "name", link.name);
    ip(ns.client, "addr", "add", `10.200.${i}.2/24`, "dev", link.name);
    ip(ns.client, "link", "set", link.name, "mtu", "1500", "up");
    ip(ns.router, "addr", "add", `10.200.${i}.1/24`, "dev", routerEnd.name);
    ip(ns.router, "link", "set", routerEnd.name, "mtu", "1500", "up");
    if (routing === "metric") {
      ip(
        ns.client,
        "route",
        "add",
        "default",
        "via",
        `10.200.${i}.1`,
        "dev",
        link.name,
        "metric",
        String(100 + i),
      );
    }
    nexthops.push("nexthop", "via", `10.200.${i}.1`, "dev", link.name);
    emulators.push(emulator);
  });
  if (routing === "ecmp") {
    // Without a tunnel: flows spread over the links by 5-tuple hash, as a plain multi-homed router would.
    journal.change([
      "ip",
      "netns",
      "exec",
      ns.client,
      "sysctl",
      "-q",
      "-w",
      "net.ipv4.fib_multipath_hash_policy=1",
    ]);
    ip(ns.client, "route", "add", "default", ...(links.length > 1 ? nexthops : nexthops.slice(1)));
  }
  for (const emulator of emulators) emulator.start();
  return { id, ns, serverAddress: "10.201.0.2", internetAddress: "10.202.0.2", emulators };
}
