// Comparisons of secret-dependent bytes (MACs, DH results) whose running time does not depend on the contents.

/** True when a and b have the same length and contents; time depends only on the length. */
export function constantTimeEqual(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  let difference = 0;
  for (let i = 0; i < a.length; i++) difference |= a[i]! ^ b[i]!;
  return difference === 0;
}

/** True when every byte is zero (WireGuard rejects all-zero DH results and precomputations). */
export function isAllZero(bytes: Uint8Array): boolean {
  let accumulated = 0;
  for (let i = 0; i < bytes.length; i++) accumulated |= bytes[i]!;
  return accumulated === 0;
}
