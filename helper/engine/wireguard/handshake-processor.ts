// Turns handshake messages into sessions: writes our initiations, answers peers' ones, completes on responses.

import type { Aead } from "../crypto/aead";
import { tai64nIsAfter, tai64nNow } from "../crypto/tai64n";
import { generatePrivateKey } from "../crypto/x25519";
import type { RandomSource, WallClock } from "../ports";
import type { DropReason } from "./drop-reasons";
import type { IndexTable } from "./index-table";
import { Keypair } from "./keypair";
import { viewInitiation, viewResponse } from "./message-codec";
import {
  consumeInitiation,
  consumeResponse,
  createInitiation,
  createResponse,
  type LocalIdentity,
  type PeerLookup,
  zeroPendingInitiation,
} from "./noise-handshake";
import type { Peer } from "./peer";

export type HandshakeFailure = {
  readonly ok: false;
  readonly reason: DropReason;
  readonly peer: Peer | undefined;
};

/**
 * Owns the protocol rules around the Noise messages: index allocation, timestamp replay and flood checks, macs
 * on what we send, and installing the derived keypair. Timers and statistics stay with the device.
 */
export class HandshakeProcessor {
  private readonly lookup: PeerLookup<Peer>;

  constructor(
    private readonly aead: Aead,
    private readonly identity: LocalIdentity,
    private readonly indexTable: IndexTable<Peer>,
    private readonly random: RandomSource,
    private readonly wallClock: WallClock,
    peersByKeyHex: ReadonlyMap<string, Peer>,
  ) {
    this.lookup = (remoteStatic) => {
      const peer = peersByKeyHex.get(Buffer.from(remoteStatic).toString("hex"));
      return peer?.staticStatic === undefined ? undefined : { peer, staticStatic: peer.staticStatic };
    };
  }

  /** A fresh initiation (macs included) that replaces any pending one. */
  createInitiation(
    peer: Peer,
    nowMs: number,
  ): { readonly ok: true; readonly datagram: Uint8Array } | HandshakeFailure {
    if (peer.staticStatic === undefined) return { ok: false, reason: "handshake-failed", peer };
    this.discardPending(peer);
    const localIndex = this.indexTable.allocate({ kind: "handshake", peer });
    if (localIndex === undefined) return { ok: false, reason: "index-table-full", peer };
    const ephemeral = generatePrivateKey(this.random);
    const timestamp = tai64nNow(this.wallClock);
    const created = createInitiation(
      this.aead,
      this.identity,
      peer.publicKey,
      peer.staticStatic,
      ephemeral,
      timestamp,
      localIndex,
    );
    if (created === undefined) {
      this.indexTable.delete(localIndex);
      ephemeral.fill(0);
      return { ok: false, reason: "handshake-failed", peer };
    }
    peer.pending = created.pending;
    peer.cookies.addMacs(created.message.bytes, nowMs);
    return { ok: true, datagram: created.message.bytes };
  }

  /** Authenticates an initiation (macs checked by the caller) and builds our response and next keypair. */
  consumeInitiation(
    datagram: Uint8Array,
    nowMs: number,
  ): { readonly ok: true; readonly peer: Peer; readonly response: Uint8Array } | HandshakeFailure {
    const result = consumeInitiation(this.aead, this.identity, viewInitiation(datagram), this.lookup);
    if (!result.ok) return { ok: false, reason: result.reason, peer: undefined };
    const { peer, initiation } = result;
    if (!tai64nIsAfter(initiation.timestamp, peer.lastTimestamp)) {
      return { ok: false, reason: "stale-timestamp", peer };
    }
    if (!peer.initiationLimit.tryAccept(nowMs)) return { ok: false, reason: "initiation-flood", peer };
    peer.lastTimestamp.set(initiation.timestamp);
    // As in wireguard-go, answering the peer replaces our own handshake in progress (simultaneous initiations).
    this.discardPending(peer);

    const localIndex = this.indexTable.allocate({ kind: "handshake", peer });
    if (localIndex === undefined) return { ok: false, reason: "index-table-full", peer };
    const created = createResponse(
      this.aead,
      initiation,
      peer.presharedKey,
      generatePrivateKey(this.random),
      localIndex,
    );
    if (created === undefined) {
      this.indexTable.delete(localIndex);
      return { ok: false, reason: "handshake-failed", peer };
    }
    peer.cookies.addMacs(created.message.bytes, nowMs);
    const { sendKey, receiveKey } = created.keys;
    const keypair = new Keypair(sendKey, receiveKey, false, nowMs, localIndex, initiation.remoteIndex);
    this.indexTable.replace(localIndex, { kind: "keypair", peer, keypair });
    peer.keypairs.install(keypair);
    return { ok: true, peer, response: created.message.bytes };
  }

  /** Completes our pending initiation; the new keypair becomes current at once (we are the initiator). */
  consumeResponse(
    datagram: Uint8Array,
    nowMs: number,
  ): { readonly ok: true; readonly peer: Peer; readonly keypair: Keypair } | HandshakeFailure {
    const message = viewResponse(datagram);
    const entry = this.indexTable.get(message.receiverIndex);
    if (entry?.kind !== "handshake") return { ok: false, reason: "unknown-index", peer: undefined };
    const peer = entry.peer;
    const pending = peer.pending;
    if (pending?.localIndex !== message.receiverIndex) return { ok: false, reason: "unknown-index", peer };
    const keys = consumeResponse(this.aead, this.identity, pending, message, peer.presharedKey);
    if (keys === undefined) return { ok: false, reason: "handshake-failed", peer };
    peer.pending = undefined;
    zeroPendingInitiation(pending);
    const keypair = new Keypair(
      keys.sendKey,
      keys.receiveKey,
      true,
      nowMs,
      pending.localIndex,
      message.senderIndex,
    );
    this.indexTable.replace(pending.localIndex, { kind: "keypair", peer, keypair });
    peer.keypairs.install(keypair);
    return { ok: true, peer, keypair };
  }

  discardPending(peer: Peer): void {
    if (peer.pending === undefined) return;
    this.indexTable.delete(peer.pending.localIndex);
    zeroPendingInitiation(peer.pending);
    peer.pending = undefined;
  }
}
