// WireGuard's key text: 32 bytes in standard base64 (44 characters ending in "="), as wg genkey prints it.

export type KeyParseResult =
  | { readonly ok: true; readonly key: Uint8Array }
  | { readonly ok: false; readonly error: string };

const keyPattern = /^[A-Za-z0-9+/]{42}[AEIMQUYcgkosw048]=$/;

export function parseWireGuardKey(text: string): KeyParseResult {
  const trimmed = text.trim();
  if (trimmed.length !== 44) {
    return { ok: false, error: `a WireGuard key is 44 base64 characters, this one has ${trimmed.length}` };
  }
  if (!keyPattern.test(trimmed)) {
    return {
      ok: false,
      error: "a WireGuard key is standard base64 of 32 bytes (A-Z a-z 0-9 + /, ending in =)",
    };
  }
  return { ok: true, key: new Uint8Array(Buffer.from(trimmed, "base64")) };
}

export function formatWireGuardKey(key: Uint8Array): string {
  if (key.length !== 32) throw new RangeError(`a WireGuard key has 32 bytes, got ${key.length}`);
  return Buffer.from(key).toString("base64");
}
