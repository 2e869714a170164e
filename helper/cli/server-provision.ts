// `braid server init` (a server config with fresh keys and sane defaults) and `braid server add-client NAME` (a new
// peer in it, and the client's profile printed as text, a braid:// link and a QR code of the link).
import { mkdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { encodeBraidUri } from "../config/braid-uri";
import {
  clientNamePattern,
  clientProfileText,
  commentValues,
  DEFAULT_LISTEN_PORT,
  DEFAULT_SERVER_ADDRESS,
  peerBlockText,
  serverConfigText,
} from "../config/provision-text";
import { formatIpv4, nextFreeAddress, parseServerSubnet } from "../config/tunnel-address";
import { parseWgProfile } from "../config/wg-profile";
import { generatePrivateKey, publicKey } from "../engine/crypto/x25519";
import type { RandomSource } from "../engine/ports";
import type { CliIo, ExitCode } from "./cli-io";
import { ConfigLockedError, createPrivateFile, replaceFileLocked } from "./config-file-write";
import { linkQrCode } from "./qr-terminal";
import { parseArgs } from "./tunnel-run";

export const DEFAULT_SERVER_DIR = "/etc/braid";
const SERVER_CONFIG_NAME = "server.conf";
const hostPattern = /^(\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9.-]+)$/;

function fail(io: CliIo, command: string, message: string, code: ExitCode = 1): ExitCode {
  io.err(`${command}: ${message}\n`);
  return code;
}

export function serverInit(io: CliIo, args: readonly string[], random: RandomSource): ExitCode {
  const command = "braid server init";
  const parsed = parseArgs(args, ["--dir", "--port", "--address", "--endpoint"]);
  if (typeof parsed === "string") return fail(io, command, parsed, 2);
  const stray =
    parsed.positional[0] ?? [...parsed.options.entries()].find(([, value]) => value === true)?.[0];
  if (stray !== undefined) return fail(io, command, `unexpected "${stray}"; see braid server --help`, 2);
  const dir = (parsed.options.get("--dir") as string | undefined) ?? DEFAULT_SERVER_DIR;
  const portText = (parsed.options.get("--port") as string | undefined) ?? String(DEFAULT_LISTEN_PORT);
  if (!/^\d+$/.test(portText) || Number(portText) < 1 || Number(portText) > 65535)
    return fail(io, command, `--port: "${portText}" is not a UDP port from 1 to 65535`, 2);
  const address = (parsed.options.get("--address") as string | undefined) ?? DEFAULT_SERVER_ADDRESS;
  const subnet = parseServerSubnet(address);
  if ("error" in subnet) return fail(io, command, `--address: ${subnet.error}`, 2);
  const endpointHost = parsed.options.get("--endpoint") as string | undefined;
  if (endpointHost !== undefined && !hostPattern.test(endpointHost))
    return fail(
      io,
      command,
      `--endpoint: "${endpointHost}" is not a host name or address (the port comes from --port)`,
      2,
    );
  const file = join(dir, SERVER_CONFIG_NAME);
  const privateKey = generatePrivateKey(random);
  try {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    createPrivateFile(
      file,
      serverConfigText({ privateKey, address, listenPort: Number(portText), endpointHost }),
    );
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === "EEXIST")
      return fail(io, command, `${file} already exists; it is kept as it is (use --dir for another server)`);
    const hint = code === "EACCES" ? "; run it with sudo, or choose a folder with --dir DIR" : "";
    return fail(io, command, `cannot write ${file}: ${(error as Error).message}${hint}`);
  } finally {
    privateKey.fill(0);
  }
  const configArg = dir === DEFAULT_SERVER_DIR ? "" : ` --config ${file}`;
  io.out(
    [
      `Wrote ${file} (mode 0600): the server's private key, Address ${address}, ListenPort ${portText}.`,
      "",
      "Next:",
      `  1. add a client:   braid server add-client laptop${configArg}${endpointHost === undefined ? " --endpoint HOST:PORT" : ""}`,
      `  2. run the server: sudo braid server run --config ${file}`,
      `  3. let UDP port ${portText} in through this machine's firewall and any router in front of it`,
      "",
    ].join("\n"),
  );
  return 0;
}

export function serverAddClient(io: CliIo, args: readonly string[], random: RandomSource): ExitCode {
  const command = "braid server add-client";
  const parsed = parseArgs(args, ["--config", "--endpoint"]);
  if (typeof parsed === "string") return fail(io, command, parsed, 2);
  const [name, ...extra] = parsed.positional;
  const flag = [...parsed.options.entries()].find(([, value]) => value === true)?.[0];
  if (name === undefined || extra.length > 0 || flag !== undefined)
    return fail(io, command, "name one client: braid server add-client NAME [--config FILE]", 2);
  if (!clientNamePattern.test(name))
    return fail(
      io,
      command,
      `"${name}" is not a client name: 1 to 64 letters, digits, '.', '_' or '-', starting with a letter or digit`,
      2,
    );
  const file =
    (parsed.options.get("--config") as string | undefined) ?? join(DEFAULT_SERVER_DIR, SERVER_CONFIG_NAME);
  let client: { profile: string; address: string } | undefined;
  try {
    replaceFileLocked(file, () => {
      const text = readFileSync(file, "utf8");
      const added = addPeer(text, name, parsed.options.get("--endpoint") as string | undefined, random);
      client = added;
      return added.config;
    });
  } catch (error) {
    if (error instanceof ProvisionError || error instanceof ConfigLockedError)
      return fail(io, command, error.message);
    const hint = (error as NodeJS.ErrnoException).code === "EACCES" ? "; run it with sudo" : "";
    return fail(io, command, `cannot update ${file}: ${(error as Error).message}${hint}`);
  }
  const { profile, address } = client as { profile: string; address: string };
  const uri = encodeBraidUri(profile, name);
  io.out(
    `# ${name}.conf: the client's profile, also a stock wg-quick config (it holds the client's private key: send it privately; Braid's own keys go in a [Braid] section, see docs/profiles.md)\n${profile}\n`,
  );
  if (uri.ok) {
    io.out(`# braid:// link (braid profile check LINK, or import it in the app)\n${uri.uri}\n\n`);
    io.out(`# QR code of the link\n${linkQrCode(uri.uri)}`);
  } else io.err(`${command}: no link or QR code: ${uri.error}\n`);
  io.err(
    `${command}: added ${name} (${address}) to ${file}; restart braid server run to let the new client in\n`,
  );
  return 0;
}

class ProvisionError extends Error {}

/** The config with the new [Peer] appended, and the client's profile; throws ProvisionError with what to fix. */
function addPeer(
  text: string,
  name: string,
  endpointOption: string | undefined,
  random: RandomSource,
): { config: string; profile: string; address: string } {
  const server = parseWgProfile(text);
  if (!server.ok) throw new ProvisionError(`the server config: ${server.error}`);
  const taken = commentValues(text, "Name").find((existing) => existing.toLowerCase() === name.toLowerCase());
  if (taken !== undefined)
    throw new ProvisionError(`a client named "${taken}" is already in the config; pick another name`);
  const ipv4 = server.profile.interface.addresses.find((cidr) => !cidr.includes(":"));
  const subnet = parseServerSubnet(ipv4 ?? "");
  if ("error" in subnet)
    throw new ProvisionError(
      `the server's Address: ${ipv4 === undefined ? "no IPv4 address to give clients one from" : subnet.error}`,
    );
  const free = nextFreeAddress(
    subnet,
    server.profile.peers.flatMap((peer) => peer.allowedIps),
  );
  if (typeof free !== "number") throw new ProvisionError(free.error);
  const endpoint = endpointOf(text, endpointOption, server.profile.interface.listenPort);
  const clientKey = generatePrivateKey(random);
  const presharedKey = new Uint8Array(32);
  random.fill(presharedKey);
  const address = formatIpv4(free);
  const peer = peerBlockText({ name, publicKey: publicKey(clientKey), presharedKey, address });
  const config = `${text}${text.endsWith("\n") ? "" : "\n"}\n${peer}`;
  const check = parseWgProfile(config);
  if (!check.ok)
    throw new ProvisionError(
      `internal: the new config would not parse (${check.error}); nothing was changed`,
    );
  const profile = clientProfileText({
    name,
    privateKey: clientKey,
    address,
    serverPublicKey: publicKey(server.profile.interface.privateKey),
    presharedKey,
    endpoint,
  });
  clientKey.fill(0);
  return { config, profile, address };
}

function endpointOf(text: string, option: string | undefined, listenPort: number | undefined): string {
  if (option !== undefined) {
    const match = /^(\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9.-]+):(\d+)$/.exec(option);
    if (!match || Number(match[2]) < 1 || Number(match[2]) > 65535)
      throw new ProvisionError(`--endpoint: "${option}" is not HOST:PORT (e.g. vpn.example.com:51820)`);
    return option;
  }
  const host = commentValues(text, "PublicEndpoint")[0];
  if (host === undefined || listenPort === undefined)
    throw new ProvisionError(
      "no endpoint for the client profile: pass --endpoint HOST:PORT (where clients reach this server)",
    );
  return `${host}:${listenPort}`;
}
