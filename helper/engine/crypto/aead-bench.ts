// Measures every available ChaCha20-Poly1305 backend on full-size packets; run by `braid bench`, not by tests.

import type { Clock } from "../ports";
import { type Aead, type AeadBackendName, aeadKeyBytes, aeadTagBytes } from "./aead";
import { availableAeads } from "./aead-backends";

export interface AeadBenchOptions {
  /** Plaintext per packet; default 1400 (a full tunnel packet). */
  readonly packetBytes?: number;
  /** Time spent sealing, then opening, per backend; default 300. */
  readonly durationMs?: number;
}

export interface AeadBenchResult {
  readonly backend: AeadBackendName;
  readonly packetBytes: number;
  readonly sealPacketsPerSec: number;
  readonly openPacketsPerSec: number;
  /** Plaintext bits sealed per second. */
  readonly sealBitsPerSec: number;
}

// Reading the clock costs more than it should per packet; look at it once per batch.
const packetsPerClockRead = 32;

export function measureAeadBackends(
  clock: Clock,
  options: AeadBenchOptions = {},
  aeads: readonly Aead[] = availableAeads(),
): AeadBenchResult[] {
  const packetBytes = options.packetBytes ?? 1400;
  const durationMs = options.durationMs ?? 300;
  return aeads.map((aead) => measureOne(aead, clock, packetBytes, durationMs));
}

function measureOne(aead: Aead, clock: Clock, packetBytes: number, durationMs: number): AeadBenchResult {
  const key = new Uint8Array(aeadKeyBytes).fill(0x42);
  const plaintext = new Uint8Array(packetBytes).fill(0x45);
  const sealed = new Uint8Array(packetBytes + aeadTagBytes);
  const opened = new Uint8Array(packetBytes);

  let counter = 0;
  const sealPacketsPerSec = ratePerSec(clock, durationMs, () => {
    aead.seal(sealed, key, counter++, plaintext);
  });
  aead.seal(sealed, key, 0, plaintext);
  const openPacketsPerSec = ratePerSec(clock, durationMs, () => {
    if (!aead.open(opened, key, 0, sealed))
      throw new Error(`${aead.backend}: benchmark packet failed to open`);
  });
  return {
    backend: aead.backend,
    packetBytes,
    sealPacketsPerSec,
    openPacketsPerSec,
    sealBitsPerSec: sealPacketsPerSec * packetBytes * 8,
  };
}

function ratePerSec(clock: Clock, durationMs: number, operation: () => void): number {
  const startMs = clock.nowMs();
  let count = 0;
  let elapsedMs = 0;
  do {
    for (let i = 0; i < packetsPerClockRead; i++) operation();
    count += packetsPerClockRead;
    elapsedMs = clock.nowMs() - startMs;
  } while (elapsedMs < durationMs);
  return (count * 1000) / elapsedMs;
}
