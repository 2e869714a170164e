// The command table of `braid`: names, one-line summaries, help with examples, and what each runs.
import type { RandomSource } from "../engine/ports";
import { benchCommand } from "./bench-command";
import type { CliIo, ExitCode } from "./cli-io";
import { connectCommand, downCommand, importCommand, pathsCommand, statusCommand } from "./control-commands";
import { helperCommand } from "./helper-command";
import { keygen, pubkey } from "./key-commands";
import { labCommand } from "./lab-commands";
import { profileCommand } from "./profile-command";
import { serverCommand } from "./server-command";
import { serviceCommand } from "./service-command";
import { upCommand } from "./up-command";

export interface CommandContext {
  readonly io: CliIo;
  readonly args: readonly string[];
  readonly random: RandomSource;
  readonly version: string;
}

export interface Command {
  readonly name: string;
  readonly summary: string;
  readonly usage: string;
  readonly examples: readonly string[];
  readonly run: (context: CommandContext) => Promise<ExitCode> | ExitCode;
}

function noArgs(
  name: string,
  run: (context: CommandContext) => Promise<ExitCode> | ExitCode,
): Command["run"] {
  return (context) => {
    if (context.args.length > 0) {
      context.io.err(`braid ${name}: unexpected argument "${context.args[0]}"; see braid ${name} --help\n`);
      return 2;
    }
    return run(context);
  };
}

export const commands: readonly Command[] = [
  {
    name: "keygen",
    summary: "print a new WireGuard private key (as wg genkey)",
    usage: "braid keygen",
    examples: ["braid keygen > client.key", "braid keygen | tee client.key | braid pubkey > client.pub"],
    run: noArgs("keygen", ({ io, random }) => keygen(io, random)),
  },
  {
    name: "pubkey",
    summary: "read a private key on stdin, print its public key (as wg pubkey)",
    usage: "braid pubkey < PRIVATE_KEY_FILE",
    examples: ["braid pubkey < client.key", "braid keygen | braid pubkey"],
    run: noArgs("pubkey", ({ io }) => pubkey(io)),
  },
  {
    name: "lab",
    summary: "run a scenario over emulated links in network namespaces (root); see docs/lab.md",
    usage: "braid lab run|up SCENARIO.json [--no-tunnel] | braid lab down",
    examples: ["sudo braid lab run e2e/lab/scenarios/three-links.json --no-tunnel", "sudo braid lab down"],
    run: ({ io, args }) => labCommand(io, args),
  },
  {
    name: "bench",
    summary: "measure veth, wireguard-go and Braid side by side, one path and lab multipath (root)",
    usage:
      "braid bench [--quick] [--only single-path|multipath] [--rounds N] [--json FILE] [--report FILE.md] | braid bench --from FILE.json --report FILE.md",
    examples: [
      "sudo braid bench --json bench.json --report docs/benchmarks.md   # full run, about 11 minutes",
      "sudo braid bench --quick --only single-path                       # a few seconds per case, as CI runs it",
      "sudo braid bench --only single-path --rounds 3                    # medians of 3 rounds, interleaved",
      "braid bench --from bench.json --report docs/benchmarks.md         # re-render the report only",
    ],
    run: ({ io, args }) => benchCommand(io, args),
  },
  {
    name: "profile",
    summary: "check a profile or braid:// link, or make a profile's link and QR code; see docs/profiles.md",
    usage: "braid profile check FILE|LINK | braid profile link FILE [--name NAME]",
    examples: [
      "braid profile check laptop.conf        # what Braid will do with it, or the line and key at fault",
      "braid profile check 'braid://import?v=1&name=laptop&sum=...&profile=...'",
      "braid profile link laptop.conf --name laptop   # its braid:// link and a QR code for the phone",
    ],
    run: ({ io, args }) => profileCommand(io, args),
  },
  {
    name: "server",
    summary: "set up a Braid server, add its clients, and run it until Ctrl-C (root)",
    usage: [
      "braid server init [--dir DIR] [--port N] [--address CIDR] [--endpoint HOST]",
      "       braid server add-client NAME [--config FILE] [--endpoint HOST:PORT]",
      "       braid server run --config FILE [--interface NAME] [--mode MODE] [--no-nat]",
    ].join("\n"),
    examples: [
      "sudo braid server init --endpoint vpn.example.com   # /etc/braid/server.conf, port 51820, 10.88.0.1/24",
      "sudo braid server add-client laptop                 # prints its profile, braid:// link and QR code",
      "braid server init --dir ./srv --port 443 --address 10.99.0.1/16 && braid server add-client phone --config ./srv/server.conf --endpoint 203.0.113.7:443",
      "sudo braid server run --config /etc/braid/server.conf",
      "sudo braid server run --config server.conf --mode redundant   # downstream scheduler",
    ],
    run: ({ io, args, random }) => serverCommand(io, args, random),
  },
  {
    name: "up",
    summary:
      "connect with a WireGuard/Braid profile: through the helper service, or in this terminal with --foreground (root)",
    usage: [
      "braid up PROFILE [--mode MODE] [--kill-switch] [--socket PATH]          # the helper runs it",
      "       braid up PROFILE --foreground [--interface NAME] [--mode bond|redundant|lowest-latency|loss-aware|weighted|round-robin|failover] [--exclude IF[,IF]] [--kill-switch [--allow-lan]]",
    ].join("\n"),
    examples: [
      "braid up client.conf                              # hands it to the helper; braid down stops it",
      "sudo braid up client.conf --foreground            # every uplink that reaches the server, bonded",
      "sudo braid up client.conf --foreground --mode redundant --exclude wwan0",
      "sudo braid up client.conf --foreground --kill-switch   # nothing leaves outside the tunnel; docs/kill-switch.md",
    ],
    run: ({ io, args, random }) => upCommand(io, args, random),
  },
  {
    name: "helper",
    summary:
      "run the helper service in the foreground: the control socket the app and these commands use (root)",
    usage:
      "braid helper [--socket PATH] [--profiles DIR] [--state DIR] [--interface NAME] [--installer-uid UID]",
    examples: [
      "sudo braid helper                          # /run/braid/braid.sock, profiles in /etc/braid/profiles, state in /var/lib/braid",
      "sudo braid helper --socket /tmp/braid.sock --profiles ./profiles --state ./state",
    ],
    run: ({ io, args, random, version }) => helperCommand(io, args, random, version),
  },
  {
    name: "service",
    summary: "install, remove or check the helper as a systemd service (Restart=always; the braid group)",
    usage:
      "braid service install [--wait SECONDS] | braid service uninstall [--purge] | braid service status",
    examples: [
      "sudo braid service install     # /opt/braid/VERSION, braid-helper.service, waits until the socket answers",
      "braid service status           # installed version, unit state, socket and helper version, next steps",
      "sudo braid service uninstall   # keeps /etc/braid/profiles and the braid group; --purge removes them",
    ],
    run: ({ io, args, version }) => serviceCommand(io, args, version),
  },
  {
    name: "import",
    summary: "give the helper a profile (a wg-quick/Braid file or a braid:// link in a file, - for stdin)",
    usage: "braid import NAME FILE|- [--socket PATH] [--json]",
    examples: ["braid import home home.conf", "echo 'braid://import?v=1&...' | braid import phone -"],
    run: ({ io, args }) => importCommand(io, args),
  },
  {
    name: "connect",
    summary: "connect through the helper with a profile it holds; returns once the tunnel is set up",
    usage: "braid connect NAME [--socket PATH] [--json]",
    examples: ["braid connect home", "braid connect home && braid paths"],
    run: ({ io, args }) => connectCommand(io, args),
  },
  {
    name: "down",
    summary: "disconnect the helper's tunnel (routes, rules and the kill switch are removed)",
    usage: "braid down [--socket PATH] [--json]",
    examples: ["braid down"],
    run: ({ io, args }) => downCommand(io, args),
  },
  {
    name: "status",
    summary: "the helper's tunnel state in one line (or --json)",
    usage: "braid status [--socket PATH] [--json]",
    examples: ["braid status", "braid status --json | jq .state"],
    run: ({ io, args }) => statusCommand(io, args),
  },
  {
    name: "paths",
    summary: "each path's state, RTT, loss, rates, share and bytes used: a table, or --json",
    usage: "braid paths [--socket PATH] [--json]",
    examples: ["braid paths", "watch -n1 braid paths"],
    run: ({ io, args }) => pathsCommand(io, args),
  },
];

export function findCommand(name: string): Command | undefined {
  return commands.find((command) => command.name === name);
}
