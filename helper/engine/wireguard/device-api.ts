// The WireGuard device's contract with its caller: construction options, per-call results, timer output.

import type { Aead } from "../crypto/aead";
import type { XChaChaAead } from "../crypto/xchacha-aead";
import type { Clock, RandomSource, WallClock } from "../ports";
import type { DropReason } from "./drop-reasons";
import type { PeerHandle } from "./peer";

export type { DropReason } from "./drop-reasons";
export type { PeerHandle, PeerStats } from "./peer";

export interface WireGuardDeviceOptions {
  readonly privateKey: Uint8Array;
  readonly clock: Clock;
  readonly wallClock: WallClock;
  readonly random: RandomSource;
  /** When true, initiations and responses must carry a valid mac2 or get a cookie reply. Default: never. */
  readonly isUnderLoad?: () => boolean;
  /** Default: the measured-faster backend (sodium-native when it loads). */
  readonly aead?: Aead;
  readonly xchachaAead?: XChaChaAead;
  /** TUN MTU; padding never goes beyond it (as wireguard-go). Default 0: pad to 16 bytes without cap. */
  readonly mtuBytes?: number;
}

export interface AddPeerOptions {
  readonly publicKey: Uint8Array;
  /** 32 bytes; absent means all zeros, as in WireGuard. */
  readonly presharedKey?: Uint8Array;
  /** 0 or absent: off. */
  readonly persistentKeepaliveSec?: number;
}

export type ReceiveResult =
  /** plaintext (padding included; empty for a keepalive) is decrypted in place: a view into the datagram. */
  | {
      readonly kind: "transport";
      readonly peer: PeerHandle;
      readonly plaintext: Uint8Array;
      readonly counter: number;
      /**
       * keypair epoch * 2^32 + counter: increases with the peer's send order across rekeys (a keypair never sends
       * 2^32 messages in its 180 s life below 23 M packets/s), which the Reassembly Engine's loss proof needs.
       */
      readonly sendOrder: number;
    }
  /** An authenticated copy of a transport message already received (a duplicate sent on another path). */
  | { readonly kind: "duplicate"; readonly peer: PeerHandle; readonly sendOrder: number }
  /** Send datagram back where the message came from: our handshake response (peer set) or a cookie reply. */
  | { readonly kind: "reply"; readonly datagram: Uint8Array; readonly peer: PeerHandle | undefined }
  /** Our initiation was answered: send keepalive (it confirms the session to the responder), then queued data. */
  | { readonly kind: "handshake-complete"; readonly peer: PeerHandle; readonly keepalive: Uint8Array }
  /** The peer is under load and sent us a cookie; our next initiation (timer-driven) will carry mac2. */
  | { readonly kind: "cookie"; readonly peer: PeerHandle }
  | { readonly kind: "dropped"; readonly reason: DropReason };

export type EncryptResult =
  | { readonly kind: "datagram"; readonly datagram: Uint8Array; readonly counter: number }
  /** No usable keypair: queue the packet briefly; a handshake is under way (a new initiation, if one was due,
   *  comes out of the next tick(): nextDeadlineMs() is then <= now). */
  | { readonly kind: "no-session" };

export interface TimerDatagram {
  readonly peer: PeerHandle;
  readonly purpose: "initiation" | "keepalive";
  readonly datagram: Uint8Array;
}
