// Builds the renderer into dist/app with relative asset paths (loaded from file:// in Electron) and the CSP meta tag.
import { fileURLToPath } from "node:url";
import react from "@vitejs/plugin-react";
import { defineConfig, type Plugin } from "vite";
import { contentSecurityPolicy } from "../main/window/content-security-policy";

function injectCsp(): Plugin {
  return {
    name: "braid-csp",
    transformIndexHtml: (html) =>
      html.replace(
        '<meta charset="UTF-8" />',
        `<meta charset="UTF-8" />\n    <meta http-equiv="Content-Security-Policy" content="${contentSecurityPolicy}" />`,
      ),
  };
}

export default defineConfig({
  root: fileURLToPath(new URL(".", import.meta.url)),
  base: "./",
  plugins: [react(), injectCsp()],
  build: {
    outDir: fileURLToPath(new URL("../dist/app", import.meta.url)),
    emptyOutDir: true,
    sourcemap: true,
    target: "chrome130",
    // One bundle loaded from disk (file://) in Electron: its size costs nothing on a network, recharts is most of it.
    chunkSizeWarningLimit: 1024,
  },
});
