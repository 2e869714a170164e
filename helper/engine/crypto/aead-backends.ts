// Chooses the ChaCha20-Poly1305 backend: the measured-faster one by default, every available one for benchmarks.

import type { Aead } from "./aead";
import { createNodeCryptoAead } from "./aead-node";
import { createSodiumAead } from "./aead-sodium";

/**
 * sodium-native when it loads: measured with aead-bench.ts on 1400-byte packets (Node 20, 2 shared cores) it
 * sealed 466k packets/s (5.2 Gbit/s) against node:crypto's 134k (1.5 Gbit/s), and opened 458k against 176k;
 * node:crypto pays for a cipher object per packet. node:crypto otherwise.
 */
export function createDefaultAead(): Aead {
  return createSodiumAead() ?? createNodeCryptoAead();
}

/** Every backend that works on this machine, fastest-expected first. */
export function availableAeads(): Aead[] {
  const sodium = createSodiumAead();
  return sodium === undefined ? [createNodeCryptoAead()] : [sodium, createNodeCryptoAead()];
}
