// The QR encoder: what it draws decodes (by jsQR, an independent reader) to the exact bytes, at every size a
// profile link can need, and the terminal drawing holds the same modules.
import jsQR from "jsqr";
import { describe, expect, it } from "vitest";
import { encodeQr, type QrCode, type QrErrorCorrection } from "./qr-code";
import { linkQrCode, renderQrHalfBlocks } from "./qr-terminal";

const SCALE_PIXELS = 4;
const QUIET_MODULES = 4;

function decode(modules: readonly (readonly boolean[])[]): string | undefined {
  const span = (modules.length + 2 * QUIET_MODULES) * SCALE_PIXELS;
  const pixels = new Uint8ClampedArray(span * span * 4).fill(255);
  modules.forEach((row, y) => {
    row.forEach((dark, x) => {
      if (!dark) return;
      for (let dy = 0; dy < SCALE_PIXELS; dy++)
        for (let dx = 0; dx < SCALE_PIXELS; dx++) {
          const px = (x + QUIET_MODULES) * SCALE_PIXELS + dx;
          const py = (y + QUIET_MODULES) * SCALE_PIXELS + dy;
          pixels.fill(0, (py * span + px) * 4, (py * span + px) * 4 + 3);
        }
    });
  });
  return jsQR(pixels, span, span, { inversionAttempts: "dontInvert" })?.data;
}

/** Reads the half-block drawing back into modules (drawn = light). */
function fromHalfBlocks(text: string, quiet: number): boolean[][] {
  const rows: boolean[][] = [];
  for (const line of text.trimEnd().split("\n")) {
    const chars = [...line];
    rows.push(chars.map((c) => !(c === "▀" || c === "█")));
    rows.push(chars.map((c) => !(c === "▄" || c === "█")));
  }
  const size = [...(text.split("\n")[0] ?? "")].length - 2 * quiet;
  return rows.slice(quiet, quiet + size).map((row) => row.slice(quiet, quiet + size));
}

function text(length: number): string {
  const alphabet = "braid://import?v=1&sum=ABCdef_-0123456789";
  return Array.from({ length }, (_, i) => alphabet[(i * 7 + (i >> 3)) % alphabet.length]).join("");
}

describe("encodeQr", () => {
  it.each([
    [1, "L"],
    [17, "L"],
    [18, "M"],
    [100, "L"],
    [300, "M"],
    [550, "L"],
    [600, "L"],
    [1200, "L"],
    [2000, "M"],
  ] as [number, QrErrorCorrection][])(
    "a %i-byte payload at level %s decodes to the same text",
    (length, level) => {
      const payload = text(length);
      const qr: QrCode = encodeQr(Buffer.from(payload), level);
      expect(qr.size).toBe(17 + 4 * qr.version);
      expect(decode(qr.modules)).toBe(payload);
    },
  );

  it("picks the smallest version: 17 bytes fit version 1 at L, 18 do not", () => {
    expect(encodeQr(Buffer.from(text(17))).version).toBe(1);
    expect(encodeQr(Buffer.from(text(18))).version).toBe(2);
    expect(encodeQr(Buffer.from(text(2953))).version).toBe(40);
    expect(() => encodeQr(Buffer.from(text(2954)))).toThrow(RangeError);
  });

  it("says so, instead of failing, for a link too long for any QR code", () => {
    expect(linkQrCode(text(3000))).toBe(
      "(no QR code: the link is 3000 bytes, more than a QR code holds; send the link or the file)\n",
    );
    expect(linkQrCode(text(100))).toContain("█");
  });

  it("draws in half blocks that hold exactly the code's modules, with a light border", () => {
    const payload = text(120);
    const qr = encodeQr(Buffer.from(payload));
    const drawing = renderQrHalfBlocks(qr, 2);
    const lines = drawing.trimEnd().split("\n");
    expect(lines).toHaveLength(Math.ceil((qr.size + 4) / 2));
    expect(lines.every((line) => [...line].length === qr.size + 4)).toBe(true);
    expect(lines[0]).toBe("█".repeat(qr.size + 4));
    expect(fromHalfBlocks(drawing, 2)).toEqual(qr.modules);
    expect(decode(fromHalfBlocks(drawing, 2))).toBe(payload);
  });
});
