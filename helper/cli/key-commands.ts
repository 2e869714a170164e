// `braid keygen` and `braid pubkey`: the same key text and behaviour as `wg genkey` and `wg pubkey`.
import { formatWireGuardKey, parseWireGuardKey } from "../config/wireguard-key";
import { generatePrivateKey, publicKey } from "../engine/crypto/x25519";
import type { RandomSource } from "../engine/ports";
import type { CliIo, ExitCode } from "./cli-io";

export function keygen(io: CliIo, random: RandomSource): ExitCode {
  io.out(`${formatWireGuardKey(generatePrivateKey(random))}\n`);
  return 0;
}

export async function pubkey(io: CliIo): Promise<ExitCode> {
  const parsed = parseWireGuardKey(await io.readStdin());
  if (!parsed.ok) {
    io.err(`braid pubkey: ${parsed.error}\nUsage: braid keygen | braid pubkey\n`);
    return 1;
  }
  io.out(`${formatWireGuardKey(publicKey(parsed.key))}\n`);
  parsed.key.fill(0);
  return 0;
}
