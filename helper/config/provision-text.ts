// The text `braid server init` and `add-client` write: the server config, a client's [Peer] block and the client's
// profile, plus the comments they leave for each other (# Name = on peers, # PublicEndpoint = on the server).
import { formatWireGuardKey } from "./wireguard-key";

/** Clients keep NAT mappings and stateful firewalls on their uplinks open with this. */
const CLIENT_KEEPALIVE_SEC = 25;

export const DEFAULT_LISTEN_PORT = 51820;
export const DEFAULT_SERVER_ADDRESS = "10.88.0.1/24";
/** The control API's profile names, so a client's name is also a valid profile name on the client. */
export const clientNamePattern = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;

export function serverConfigText(options: {
  readonly privateKey: Uint8Array;
  readonly address: string;
  readonly listenPort: number;
  readonly endpointHost: string | undefined;
}): string {
  return [
    "# Braid server config, made by braid server init. Add clients with braid server add-client NAME.",
    "[Interface]",
    `PrivateKey = ${formatWireGuardKey(options.privateKey)}`,
    `Address = ${options.address}`,
    `ListenPort = ${options.listenPort}`,
    ...(options.endpointHost === undefined
      ? []
      : [`# PublicEndpoint = ${options.endpointHost}   (what add-client puts in client profiles)`]),
    "",
  ].join("\n");
}

export function peerBlockText(options: {
  readonly name: string;
  readonly publicKey: Uint8Array;
  readonly presharedKey: Uint8Array;
  readonly address: string;
}): string {
  return [
    "[Peer]",
    `# Name = ${options.name}`,
    `PublicKey = ${formatWireGuardKey(options.publicKey)}`,
    `PresharedKey = ${formatWireGuardKey(options.presharedKey)}`,
    `AllowedIPs = ${options.address}/32`,
    "",
  ].join("\n");
}

export function clientProfileText(options: {
  readonly name: string;
  readonly privateKey: Uint8Array;
  readonly address: string;
  readonly serverPublicKey: Uint8Array;
  readonly presharedKey: Uint8Array;
  readonly endpoint: string;
}): string {
  return [
    `# Name = ${options.name}`,
    "[Interface]",
    `PrivateKey = ${formatWireGuardKey(options.privateKey)}`,
    `Address = ${options.address}/32`,
    "",
    "[Peer]",
    `PublicKey = ${formatWireGuardKey(options.serverPublicKey)}`,
    `PresharedKey = ${formatWireGuardKey(options.presharedKey)}`,
    `Endpoint = ${options.endpoint}`,
    "AllowedIPs = 0.0.0.0/0, ::/0",
    `PersistentKeepalive = ${CLIENT_KEEPALIVE_SEC}`,
    "",
  ].join("\n");
}

/** Values of `# Key = value` comment lines, in order (comments are free text to WireGuard, data to us). */
export function commentValues(text: string, key: string): string[] {
  const pattern = new RegExp(`^\\s*#\\s*${key}\\s*=\\s*(\\S+)`, "i");
  return text.split(/\r?\n/).flatMap((line) => {
    const value = pattern.exec(line)?.[1];
    return value === undefined ? [] : [value];
  });
}
