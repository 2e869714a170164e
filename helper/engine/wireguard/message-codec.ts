// Byte layouts of WireGuard's four messages (little-endian), read and written through views: no field copies.

export const messageTypeInitiation = 1;
export const messageTypeResponse = 2;
export const messageTypeCookieReply = 3;
export const messageTypeTransport = 4;
export type MessageType = 1 | 2 | 3 | 4;

export const initiationBytes = 148;
export const responseBytes = 92;
export const cookieReplyBytes = 64;
export const transportHeaderBytes = 16;
export const tagBytes = 16;
/** An empty (keepalive) transport message: header and tag. */
export const transportMinBytes = transportHeaderBytes + tagBytes;
export const macBytes = 16;

const twoTo32 = 0x100000000;
// Counters at or above 2^53 are not exact as numbers; they are past the clamped reject limit anyway.
const maxCounterHighWord = 2 ** 21;

/** The type, or 0 when the first 4 bytes are not 1..4 then three zero bytes (read as one LE u32 like wireguard-go). */
export function readMessageType(datagram: Uint8Array): MessageType | 0 {
  if (datagram.length < 4 || datagram[1] !== 0 || datagram[2] !== 0 || datagram[3] !== 0) return 0;
  const type = datagram[0]!;
  return type >= 1 && type <= 4 ? (type as MessageType) : 0;
}

export function readLe32(bytes: Uint8Array, offset: number): number {
  return (
    (bytes[offset]! | (bytes[offset + 1]! << 8) | (bytes[offset + 2]! << 16) | (bytes[offset + 3]! << 24)) >>>
    0
  );
}

export function writeLe32(bytes: Uint8Array, offset: number, value: number): void {
  bytes[offset] = value;
  bytes[offset + 1] = value >>> 8;
  bytes[offset + 2] = value >>> 16;
  bytes[offset + 3] = value >>> 24;
}

export interface InitiationView {
  readonly bytes: Uint8Array;
  readonly senderIndex: number;
  readonly ephemeral: Uint8Array;
  readonly encryptedStatic: Uint8Array;
  readonly encryptedTimestamp: Uint8Array;
}

/** type 1 | reserved 3 | sender 4 | ephemeral 32 | static 32+16 | timestamp 12+16 | mac1 16 | mac2 16 */
export function viewInitiation(bytes: Uint8Array): InitiationView {
  return {
    bytes,
    senderIndex: readLe32(bytes, 4),
    ephemeral: bytes.subarray(8, 40),
    encryptedStatic: bytes.subarray(40, 88),
    encryptedTimestamp: bytes.subarray(88, 116),
  };
}

export function newInitiation(senderIndex: number): InitiationView {
  const bytes = new Uint8Array(initiationBytes);
  bytes[0] = messageTypeInitiation;
  writeLe32(bytes, 4, senderIndex);
  return viewInitiation(bytes);
}

export interface ResponseView {
  readonly bytes: Uint8Array;
  readonly senderIndex: number;
  readonly receiverIndex: number;
  readonly ephemeral: Uint8Array;
  readonly encryptedNothing: Uint8Array;
}

/** type 2 | reserved 3 | sender 4 | receiver 4 | ephemeral 32 | empty 0+16 | mac1 16 | mac2 16 */
export function viewResponse(bytes: Uint8Array): ResponseView {
  return {
    bytes,
    senderIndex: readLe32(bytes, 4),
    receiverIndex: readLe32(bytes, 8),
    ephemeral: bytes.subarray(12, 44),
    encryptedNothing: bytes.subarray(44, 60),
  };
}

export function newResponse(senderIndex: number, receiverIndex: number): ResponseView {
  const bytes = new Uint8Array(responseBytes);
  bytes[0] = messageTypeResponse;
  writeLe32(bytes, 4, senderIndex);
  writeLe32(bytes, 8, receiverIndex);
  return viewResponse(bytes);
}

export interface CookieReplyView {
  readonly bytes: Uint8Array;
  readonly receiverIndex: number;
  readonly nonce: Uint8Array;
  readonly encryptedCookie: Uint8Array;
}

/** type 3 | reserved 3 | receiver 4 | nonce 24 | cookie 16+16 */
export function viewCookieReply(bytes: Uint8Array): CookieReplyView {
  return {
    bytes,
    receiverIndex: readLe32(bytes, 4),
    nonce: bytes.subarray(8, 32),
    encryptedCookie: bytes.subarray(32, 64),
  };
}

export function newCookieReply(receiverIndex: number): CookieReplyView {
  const bytes = new Uint8Array(cookieReplyBytes);
  bytes[0] = messageTypeCookieReply;
  writeLe32(bytes, 4, receiverIndex);
  return viewCookieReply(bytes);
}

/** mac1 and mac2 are the last 32 bytes of an initiation or response. */
export function mac1Offset(message: Uint8Array): number {
  return message.length - 2 * macBytes;
}

export function mac2Offset(message: Uint8Array): number {
  return message.length - macBytes;
}

/** type 4 | reserved 3 | receiver 4 | counter 8 (LE) | ciphertext of the zero-padded plaintext + 16 */
export function writeTransportHeader(datagram: Uint8Array, receiverIndex: number, counter: number): void {
  datagram[0] = messageTypeTransport;
  datagram[1] = 0;
  datagram[2] = 0;
  datagram[3] = 0;
  writeLe32(datagram, 4, receiverIndex);
  const low = counter >>> 0;
  writeLe32(datagram, 8, low);
  writeLe32(datagram, 12, (counter - low) / twoTo32);
}

export function readTransportReceiver(datagram: Uint8Array): number {
  return readLe32(datagram, 4);
}

/** The 64-bit counter, or -1 when it is 2^53 or more (never valid: see rejectAfterMessages). */
export function readTransportCounter(datagram: Uint8Array): number {
  const high = readLe32(datagram, 12);
  if (high >= maxCounterHighWord) return -1;
  return high * twoTo32 + readLe32(datagram, 8);
}

/**
 * Plaintext length after WireGuard's padding: up to a multiple of 16, but never beyond the TUN MTU (as
 * wireguard-go's calculatePaddingSize, which pads an over-MTU packet by its remainder). mtuBytes 0: no MTU cap.
 */
export function paddedPlaintextBytes(plaintextBytes: number, mtuBytes: number): number {
  if (mtuBytes === 0) return (plaintextBytes + 15) & ~15;
  const lastUnit = plaintextBytes > mtuBytes ? plaintextBytes % mtuBytes : plaintextBytes;
  const paddedUnit = Math.min((lastUnit + 15) & ~15, mtuBytes);
  return plaintextBytes + paddedUnit - lastUnit;
}
