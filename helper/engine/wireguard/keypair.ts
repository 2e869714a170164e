// Session keypairs and WireGuard's previous/current/next rotation with key confirmation (wireguard-go keypair.go).

import { rejectAfterTimeMs } from "./constants";
import { ReplayWindow } from "./replay-window";

export class Keypair {
  readonly replayWindow = new ReplayWindow();
  /** Next counter to send with; also how many messages were sent. */
  sendCounter = 0;
  /** Install order within its peer (1, 2, ...): epoch * 2^32 + counter orders messages across rekeys. */
  epoch = 0;

  constructor(
    readonly sendKey: Uint8Array,
    readonly receiveKey: Uint8Array,
    readonly isInitiator: boolean,
    readonly createdAtMs: number,
    /** Our index: the receiver field of transport messages sent to us with this keypair. */
    readonly localIndex: number,
    /** The peer's index: what we write as receiver. */
    readonly remoteIndex: number,
  ) {}

  /** Past REJECT_AFTER_TIME nothing may be sent or received with it. */
  isExpired(nowMs: number): boolean {
    return nowMs - this.createdAtMs >= rejectAfterTimeMs;
  }

  get expiresAtMs(): number {
    return this.createdAtMs + rejectAfterTimeMs;
  }

  zero(): void {
    this.sendKey.fill(0);
    this.receiveKey.fill(0);
  }
}

/**
 * current sends; previous still receives late packets after a rekey; next is a responder's keypair that must
 * not send until the initiator proves it has it (its first transport message), so that an initiator never
 * receives data under keys it has not derived yet. Every keypair leaving the set goes through discard
 * (zeroes its keys and frees its index).
 */
export class KeypairSet {
  current: Keypair | undefined;
  previous: Keypair | undefined;
  next: Keypair | undefined;

  private installed = 0;

  constructor(private readonly discard: (keypair: Keypair) => void) {}

  /** Adds a freshly derived keypair following wireguard-go's BeginSymmetricSession. */
  install(keypair: Keypair): void {
    this.installed += 1;
    keypair.epoch = this.installed;
    if (keypair.isInitiator) {
      const oldPrevious = this.previous;
      if (this.next !== undefined) {
        // An unconfirmed responder keypair is newer than current: keep it as previous, drop current.
        this.previous = this.next;
        this.next = undefined;
        this.release(this.current);
      } else {
        this.previous = this.current;
      }
      this.release(oldPrevious);
      this.current = keypair;
    } else {
      this.release(this.next);
      this.release(this.previous);
      this.next = keypair;
      this.previous = undefined;
    }
  }

  /** Called for each authenticated transport message; true when it confirmed next (the session is now usable). */
  confirm(keypair: Keypair): boolean {
    if (keypair !== this.next) return false;
    this.release(this.previous);
    this.previous = this.current;
    this.current = keypair;
    this.next = undefined;
    return true;
  }

  /** Drops keypairs past REJECT_AFTER_TIME. */
  expire(nowMs: number): void {
    if (this.current?.isExpired(nowMs)) this.current = this.release(this.current);
    if (this.previous?.isExpired(nowMs)) this.previous = this.release(this.previous);
    if (this.next?.isExpired(nowMs)) this.next = this.release(this.next);
  }

  clear(): void {
    this.current = this.release(this.current);
    this.previous = this.release(this.previous);
    this.next = this.release(this.next);
  }

  /** Earliest time one of the keypairs expires, Infinity when there are none. */
  earliestExpiryMs(): number {
    return Math.min(
      this.current?.expiresAtMs ?? Number.POSITIVE_INFINITY,
      this.previous?.expiresAtMs ?? Number.POSITIVE_INFINITY,
      this.next?.expiresAtMs ?? Number.POSITIVE_INFINITY,
    );
  }

  private release(keypair: Keypair | undefined): undefined {
    if (keypair !== undefined) this.discard(keypair);
    return undefined;
  }
}
