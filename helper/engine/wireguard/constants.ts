// WireGuard's protocol constants (whitepaper section 6; wireguard-go device/constants.go), in ms, bytes, counts.

export const noiseConstruction = "Noise_IKpsk2_25519_ChaChaPoly_BLAKE2s";
export const wireguardIdentifier = "WireGuard v1 zx2c4 Jason@zx2c4.com";
export const labelMac1 = "mac1----";
export const labelCookie = "cookie--";

/**
 * Counters are JS numbers, exact below 2^53: at 10 million packets per second that is 28 years of one keypair,
 * which lives 3 minutes. WireGuard's 2^64 - 2^13 - 1 is therefore clamped to 2^53 - 2^13 - 1, and its rekey
 * threshold 2^60 to 2^52, keeping rekey well before reject as in the original.
 */
export const rejectAfterMessages = 2 ** 53 - 2 ** 13 - 1;
export const rekeyAfterMessages = 2 ** 52;

export const rekeyAfterTimeMs = 120_000;
export const rejectAfterTimeMs = 180_000;
export const rekeyAttemptTimeMs = 90_000;
export const rekeyTimeoutMs = 5_000;
/** Retransmission jitter is uniform in [0, 334) ms, as wireguard-go's rand.Int31n(334). */
export const rekeyTimeoutJitterMaxMs = 334;
export const keepaliveTimeoutMs = 10_000;
export const cookieRefreshTimeMs = 120_000;
/** Initiation attempts after the first before giving up: REKEY_ATTEMPT_TIME / REKEY_TIMEOUT. */
export const maxTimerHandshakes = rekeyAttemptTimeMs / rekeyTimeoutMs;
/** With no new handshake for this long, every key and handshake secret of the peer is erased. */
export const zeroKeyMaterialAfterMs = rejectAfterTimeMs * 3;
/** An initiator that still uses a keypair this old asks for a new one when it next receives. */
export const rekeyOnReceiveAfterMs = rejectAfterTimeMs - keepaliveTimeoutMs - rekeyTimeoutMs;

export const maxInitiationsPerSecond = 50;
export const paddingMultipleBytes = 16;
export const maxPeers = 1 << 16;
