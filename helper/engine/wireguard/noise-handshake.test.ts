import { describe, expect, it } from "vitest";
import { createDefaultAead } from "../crypto/aead-backends";
import { encodeTai64n } from "../crypto/tai64n";
import { generatePrivateKey, publicKey, sharedSecret } from "../crypto/x25519";
import { SeededRandom } from "../testing/seeded-random";
import { viewInitiation, viewResponse } from "./message-codec";
import { consumeInitiation, consumeResponse, createInitiation, createResponse } from "./noise-handshake";

const random = new SeededRandom(11);
const aead = createDefaultAead();
const identity = () => {
  const privateKey = generatePrivateKey(random);
  return { privateKey, publicKey: publicKey(privateKey) };
};

describe("Noise_IKpsk2 handshake messages", () => {
  it("give both sides mirrored session keys and carry the initiator's identity and timestamp", () => {
    const initiator = identity();
    const responder = identity();
    const psk = new Uint8Array(32).fill(9);
    const timestamp = encodeTai64n(1_700_000_000_000);
    const created = createInitiation(
      aead,
      initiator,
      responder.publicKey,
      sharedSecret(initiator.privateKey, responder.publicKey)!,
      generatePrivateKey(random),
      timestamp,
      1234,
    );
    if (created === undefined) throw new Error("initiation failed");

    const consumed = consumeInitiation(aead, responder, viewInitiation(created.message.bytes), (remote) => ({
      peer: "initiator",
      staticStatic: sharedSecret(responder.privateKey, remote)!,
    }));
    if (!consumed.ok) throw new Error(consumed.reason);
    expect(consumed.peer).toBe("initiator");
    expect(consumed.initiation.remoteStatic).toEqual(initiator.publicKey);
    expect(consumed.initiation.timestamp).toEqual(timestamp);
    expect(consumed.initiation.remoteIndex).toBe(1234);

    const response = createResponse(aead, consumed.initiation, psk, generatePrivateKey(random), 5678);
    if (response === undefined) throw new Error("response failed");
    const keys = consumeResponse(aead, initiator, created.pending, viewResponse(response.message.bytes), psk);
    expect(keys).toBeDefined();
    expect(keys?.sendKey).toEqual(response.keys.receiveKey);
    expect(keys?.receiveKey).toEqual(response.keys.sendKey);
    expect(keys?.sendKey).not.toEqual(keys?.receiveKey);
  });

  it("reports an initiation from an unknown static key, and one that does not decrypt", () => {
    const initiator = identity();
    const responder = identity();
    const created = createInitiation(
      aead,
      initiator,
      responder.publicKey,
      sharedSecret(initiator.privateKey, responder.publicKey)!,
      generatePrivateKey(random),
      encodeTai64n(0),
      1,
    );
    if (created === undefined) throw new Error("initiation failed");
    const view = viewInitiation(created.message.bytes);
    expect(consumeInitiation(aead, responder, view, () => undefined)).toEqual({
      ok: false,
      reason: "unknown-peer",
    });
    const stranger = identity();
    expect(consumeInitiation(aead, stranger, view, () => undefined)).toEqual({
      ok: false,
      reason: "handshake-failed",
    });
  });
});
