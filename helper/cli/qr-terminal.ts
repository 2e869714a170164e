// Draws a QR code in a terminal with UTF-8 half blocks (two module rows per text line), as `qrencode -t utf8` does:
// light modules are the drawn ones, so the code reads right on the usual light-on-dark terminal.
import { encodeQr, type QrCode } from "./qr-code";

/** Phone scanners want a light border; two modules keep a version 16 code (a typical profile) under 90 columns. */
export const QUIET_ZONE_MODULES = 2;

const glyphs = [" ", "▄", "▀", "█"]; // index: (top light ? 2 : 0) + (bottom light ? 1 : 0)

export function renderQrHalfBlocks(qr: QrCode, quietModules = QUIET_ZONE_MODULES): string {
  const span = qr.size + 2 * quietModules;
  const light = (x: number, y: number) => {
    const mx = x - quietModules;
    const my = y - quietModules;
    if (mx < 0 || my < 0 || mx >= qr.size || my >= qr.size) return true;
    return !qr.modules[my]?.[mx];
  };
  const lines: string[] = [];
  for (let y = 0; y < span; y += 2) {
    let line = "";
    for (let x = 0; x < span; x++)
      line += glyphs[(light(x, y) ? 2 : 0) + (y + 1 < span && light(x, y + 1) ? 1 : 0)];
    lines.push(line);
  }
  return `${lines.join("\n")}\n`;
}

/** A link's QR code for the terminal, or a one-line note when the link is beyond what a QR code holds. */
export function linkQrCode(link: string): string {
  const bytes = Buffer.from(link, "utf8");
  try {
    return renderQrHalfBlocks(encodeQr(bytes));
  } catch (error) {
    if (!(error instanceof RangeError)) throw error;
    return `(no QR code: the link is ${bytes.length} bytes, more than a QR code holds; send the link or the file)\n`;
  }
}
