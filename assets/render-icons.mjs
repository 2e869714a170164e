// Draws Braid's icons (app icon and one tray icon per tunnel state) as SVG and renders PNGs with Chromium.
// Run after changing a design: node assets/render-icons.mjs (needs Debian's chromium).
import { writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { chromium } from "@playwright/test";

const here = path.dirname(fileURLToPath(import.meta.url));

// Three strands (the links) that braid into one (the tunnel).
function strands(colors, width) {
  const [a, b, c] = colors;
  return `
  <path d="M6 14 C 22 14, 26 32, 44 32" stroke="${a}" stroke-width="${width}" fill="none" stroke-linecap="round"/>
  <path d="M6 32 L 44 32" stroke="${b}" stroke-width="${width}" fill="none" stroke-linecap="round"/>
  <path d="M6 50 C 22 50, 26 32, 44 32" stroke="${c}" stroke-width="${width}" fill="none" stroke-linecap="round"/>
  <path d="M40 32 L 58 32" stroke="${b}" stroke-width="${width + 4}" fill="none" stroke-linecap="round"/>`;
}

const appIcon = `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 64 64" role="img">
  <title>Braid</title>
  <rect x="0" y="0" width="64" height="64" rx="14" fill="#0f1216"/>
  <g transform="translate(2 0) scale(0.94) translate(0 2)">${strands(["#35c6d8", "#2fbf71", "#7c8cf8"], 6)}</g>
</svg>`;

const trayStates = {
  disconnected: { colors: ["#8b97a5", "#8b97a5", "#8b97a5"], badge: undefined },
  connecting: { colors: ["#e0a526", "#e0a526", "#e0a526"], badge: undefined },
  connected: { colors: ["#2fbf71", "#2fbf71", "#2fbf71"], badge: undefined },
  degraded: { colors: ["#2fbf71", "#e0a526", "#e5534b"], badge: "#e5534b" },
};

function trayIcon(state, { colors, badge }) {
  const dot = badge ? `<circle cx="54" cy="12" r="9" fill="${badge}"/>` : "";
  return `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 64 64" role="img"><title>Braid: ${state}</title>${strands(colors, 7)}${dot}</svg>`;
}

const files = [{ name: "icon", svg: appIcon, sizes: [512, 256, 32] }];
for (const [state, design] of Object.entries(trayStates)) {
  files.push({ name: `tray-${state}`, svg: trayIcon(state, design), sizes: [16, 32] });
}

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
  args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--no-first-run"],
});
const page = await browser.newPage();
for (const { name, svg, sizes } of files) {
  writeFileSync(path.join(here, `${name}.svg`), `${svg}\n`);
  for (const size of sizes) {
    await page.setViewportSize({ width: size, height: size });
    await page.setContent(
      `<html><body style="margin:0;background:transparent">${svg.replace("<svg ", `<svg width="${size}" height="${size}" `)}</body></html>`,
    );
    const suffix = name === "icon" ? (size === 512 ? "" : `-${size}`) : size === 32 ? "@2x" : "";
    await page.screenshot({ path: path.join(here, `${name}${suffix}.png`), omitBackground: true });
  }
}
await browser.close();
console.log(`rendered ${files.length} icons into ${here}`);
