// `braid profile check FILE|LINK` (validate a profile or braid:// link and summarise what Braid will do with it) and
// `braid profile link FILE [--name NAME]` (print a profile's braid:// link and its QR code).
import { readFileSync } from "node:fs";
import { basename } from "node:path";
import type { BraidProfile } from "../config/braid-profile";
import { encodeBraidUri } from "../config/braid-uri";
import { isBraidLink, parseProfileInput } from "../config/profile-input";
import { formatWireGuardKey } from "../config/wireguard-key";
import { publicKey } from "../engine/crypto/x25519";
import type { CliIo, ExitCode } from "./cli-io";
import { linkQrCode } from "./qr-terminal";
import { parseArgs } from "./tunnel-run";

function readSource(io: CliIo, command: string, source: string): { text: string; label: string } | undefined {
  if (isBraidLink(source)) return { text: source, label: "the link" };
  try {
    return { text: readFileSync(source, "utf8"), label: source };
  } catch (error) {
    io.err(`${command}: cannot read ${source}: ${(error as Error).message}\n`);
    return undefined;
  }
}

export function profileCommand(io: CliIo, args: readonly string[]): ExitCode {
  const [sub, ...rest] = args;
  if (sub === "check") return profileCheck(io, rest);
  if (sub === "link") return profileLink(io, rest);
  io.err(
    `braid profile: expected check or link, got ${sub === undefined ? "nothing" : `"${sub}"`}; see braid profile --help\n`,
  );
  return 2;
}

function profileCheck(io: CliIo, args: readonly string[]): ExitCode {
  const command = "braid profile check";
  if (args.length !== 1 || (args[0] as string).startsWith("--")) {
    io.err(`${command}: name one profile file or braid:// link\n`);
    return 2;
  }
  const source = readSource(io, command, args[0] as string);
  if (!source) return 1;
  // A file holding a saved link is read as the link.
  const parsed = parseProfileInput(source.text);
  if (!parsed.ok) {
    io.err(`${command}: ${source.label}: ${parsed.error}\n`);
    return 1;
  }
  const fromFile =
    source.label === "the link" ? "(unnamed link)" : basename(source.label).replace(/\.conf$/, "");
  io.out(summary(parsed.profile, parsed.name ?? fromFile));
  return 0;
}

function profileLink(io: CliIo, args: readonly string[]): ExitCode {
  const command = "braid profile link";
  const parsed = parseArgs(args, ["--name"]);
  if (
    typeof parsed === "string" ||
    parsed.positional.length !== 1 ||
    parsed.options.size > (parsed.options.has("--name") ? 1 : 0)
  ) {
    io.err(
      `${command}: ${typeof parsed === "string" ? parsed : "name one profile file: braid profile link FILE [--name NAME]"}\n`,
    );
    return 2;
  }
  const file = parsed.positional[0] as string;
  const source = readSource(io, command, file);
  if (!source) return 1;
  const name = (parsed.options.get("--name") as string | undefined) ?? basename(file).replace(/\.conf$/, "");
  const uri = encodeBraidUri(source.text, name);
  if (!uri.ok) {
    io.err(`${command}: ${file}: ${uri.error}\n`);
    return 1;
  }
  io.out(`${uri.uri}\n\n${linkQrCode(uri.uri)}`);
  return 0;
}

function summary(profile: BraidProfile, name: string): string {
  const { wireguard, braid, ignoredKeys } = profile;
  const iface = wireguard.interface;
  const lines = [
    `profile ${name}: valid`,
    `  this end's public key: ${formatWireGuardKey(publicKey(iface.privateKey))}`,
    `  addresses: ${iface.addresses.join(", ") || "none"}${iface.dns.length > 0 ? `; DNS ${iface.dns.join(", ")}` : ""}${iface.mtuBytes === undefined ? "" : `; MTU ${iface.mtuBytes}`}${iface.listenPort === undefined ? "" : `; listens on UDP ${iface.listenPort}`}`,
    ...wireguard.peers.map((peer, i) => {
      const endpoint =
        peer.endpoint === undefined ? "no endpoint" : `${peer.endpoint.host}:${peer.endpoint.port}`;
      return `  peer ${i + 1}: ${endpoint}; AllowedIPs ${peer.allowedIps.join(", ") || "none"}${peer.presharedKey ? "; preshared key" : ""}${peer.persistentKeepaliveSec === undefined ? "" : `; keepalive ${peer.persistentKeepaliveSec} s`}`;
    }),
    `  mode: ${braid.mode ?? "bond (default)"}; kill switch: ${braid.killSwitch ? "on" : "off"}; probes: ${braid.probeRateHz === undefined ? "10 Hz (default)" : `${braid.probeRateHz} Hz`} per path`,
    `  uplinks: ${braid.priorities.length === 0 ? "all primary" : braid.priorities.map((p) => `${p.interface} ${p.priority}`).join(", ")}${braid.excludeInterfaces.length === 0 ? "" : `; excluded ${braid.excludeInterfaces.join(", ")}`}`,
    ...(braid.dataCaps.length === 0
      ? []
      : [
          `  data caps: ${braid.dataCaps.map((cap) => `${cap.interface} ${cap.capMbPerMonth} MB/month`).join(", ")}`,
        ]),
    ...(ignoredKeys.length === 0
      ? []
      : [
          `  ignored (wg-quick only; Braid never runs them): ${ignoredKeys.map((k) => `${k.key} (line ${k.line})`).join(", ")}`,
        ]),
    "",
  ];
  return lines.join("\n");
}
