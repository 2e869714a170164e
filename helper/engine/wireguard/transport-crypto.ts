// Seals and opens transport messages (type 4) with a keypair: the per-packet path, one allocation per sealed packet.

import type { Aead } from "../crypto/aead";
import { rejectAfterMessages } from "./constants";
import type { DropReason } from "./drop-reasons";
import type { Keypair } from "./keypair";
import {
  paddedPlaintextBytes,
  readTransportCounter,
  tagBytes,
  transportHeaderBytes,
  writeTransportHeader,
} from "./message-codec";

/** Encrypts plaintext (zero-padded) under the keypair's next counter; the caller checked the keypair is usable. */
export function sealTransport(
  aead: Aead,
  keypair: Keypair,
  plaintext: Uint8Array,
  mtuBytes: number,
): Uint8Array {
  const counter = keypair.sendCounter++;
  const paddedBytes = paddedPlaintextBytes(plaintext.length, mtuBytes);
  const datagram = new Uint8Array(transportHeaderBytes + paddedBytes + tagBytes);
  writeTransportHeader(datagram, keypair.remoteIndex, counter);
  datagram.set(plaintext, transportHeaderBytes);
  const body = datagram.subarray(transportHeaderBytes, transportHeaderBytes + paddedBytes);
  aead.seal(datagram.subarray(transportHeaderBytes), keypair.sendKey, counter, body);
  return datagram;
}

/** The plaintext of an opened transport datagram: decrypted in place, so a view into it. */
export function transportPlaintext(datagram: Uint8Array): Uint8Array {
  return datagram.subarray(transportHeaderBytes, datagram.length - tagBytes);
}

/**
 * Authenticates and decrypts in place (see transportPlaintext), then applies the replay window. Returns the
 * counter, or why the datagram must be dropped; returning a number or a string keeps this allocation-free.
 */
export function openTransport(
  aead: Aead,
  keypair: Keypair,
  datagram: Uint8Array,
  nowMs: number,
): number | DropReason {
  if (keypair.isExpired(nowMs)) return "keypair-expired";
  const counter = readTransportCounter(datagram);
  if (counter < 0 || counter >= rejectAfterMessages) return "counter-limit";
  const ciphertext = datagram.subarray(transportHeaderBytes);
  if (!aead.open(transportPlaintext(datagram), keypair.receiveKey, counter, ciphertext))
    return "decrypt-failed";
  // Only after authentication: a forged counter must not move the window.
  if (!keypair.replayWindow.validate(counter)) return "replay";
  return counter;
}
