// Serves the built renderer to a plain browser on loopback and answers its window.braid calls with main's own handlers.
// It goes through the same registerMainHandlers and sender check as Electron's ipcMain, so UI tests exercise them.
import { readFile } from "node:fs/promises";
import http from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import type { MainHandlers, MainNotifier } from "../ipc/ipc-schema";
import {
  createMainNotifier,
  type IpcMainLike,
  registerMainHandlers,
  type SenderFrame,
} from "../ipc/main-handlers";
import { createSenderCheck } from "../ipc/sender-check";
import { type BridgeEvent, bridgeRoutes, maxRequestBytes } from "./bridge-routes";

const contentTypes: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".map": "application/json",
};

export interface DevBridgeOptions {
  /** dist/app: the renderer build. */
  readonly appDir: string;
  /** The bundled bridge-client.js. */
  readonly clientScriptPath: string;
  readonly makeHandlers: (notifier: MainNotifier) => MainHandlers;
  readonly port: number;
  /** Test controls by name, each given the parsed JSON body; see bridgeRoutes.devControlPrefix. */
  readonly devControls?: Readonly<Record<string, (arg: unknown) => unknown>>;
}

export interface DevBridge {
  readonly url: string;
  close(): Promise<void>;
}

type Listener = (event: { senderFrame: SenderFrame | null }, arg: unknown) => unknown;

export async function startDevBridge(options: DevBridgeOptions): Promise<DevBridge> {
  const listeners = new Map<string, Listener>();
  const eventStreams = new Set<http.ServerResponse>();
  const ipc: IpcMainLike = {
    handle: (channel, listener) => listeners.set(channel, listener),
    removeHandler: (channel) => listeners.delete(channel),
  };
  const notifier = createMainNotifier((channel, payload) => {
    const event: BridgeEvent = { channel, payload };
    for (const stream of eventStreams) stream.write(`data: ${JSON.stringify(event)}\n\n`);
  });

  const server = http.createServer((request, response) => {
    handleRequest(request, response).catch((error: unknown) => {
      if (!response.headersSent) response.writeHead(500, { "content-type": "text/plain" });
      response.end(String(error));
    });
  });

  async function handleRequest(request: http.IncomingMessage, response: http.ServerResponse): Promise<void> {
    const url = new URL(request.url ?? "/", "http://bridge.invalid");
    if (url.pathname === bridgeRoutes.invoke && request.method === "POST") return invoke(request, response);
    if (url.pathname.startsWith(bridgeRoutes.devControlPrefix) && request.method === "POST") {
      return devControl(url.pathname.slice(bridgeRoutes.devControlPrefix.length), request, response);
    }
    if (url.pathname === bridgeRoutes.events) {
      response.writeHead(200, { "content-type": "text/event-stream", "cache-control": "no-store" });
      response.write(": connected\n\n");
      eventStreams.add(response);
      request.on("close", () => eventStreams.delete(response));
      return;
    }
    if (url.pathname === bridgeRoutes.clientScript) return sendFile(response, options.clientScriptPath);
    if (url.pathname === "/" || url.pathname === "/index.html") {
      const html = await readFile(path.join(options.appDir, "index.html"), "utf8");
      // A classic script runs before the deferred module scripts, so window.braid exists when the app starts.
      const withBridge = html.replace(
        "<title>",
        `<script src="${bridgeRoutes.clientScript}"></script>\n    <title>`,
      );
      response.writeHead(200, { "content-type": contentTypes[".html"] });
      response.end(withBridge);
      return;
    }
    const file = path.normalize(path.join(options.appDir, url.pathname));
    if (!file.startsWith(options.appDir + path.sep)) {
      response.writeHead(403).end();
      return;
    }
    return sendFile(response, file);
  }

  function replier(response: http.ServerResponse) {
    return (status: number, body: object) => {
      response.writeHead(status, { "content-type": "application/json" });
      response.end(JSON.stringify(body));
    };
  }

  /** The body as JSON, or undefined after replying with the reason it could not be read. */
  async function readJson(
    request: http.IncomingMessage,
    reply: (status: number, body: object) => void,
  ): Promise<{ value: unknown } | undefined> {
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const chunk of request as AsyncIterable<Buffer>) {
      size += chunk.length;
      if (size > maxRequestBytes) {
        reply(413, { ok: false, error: `request over ${maxRequestBytes} bytes` });
        return undefined;
      }
      chunks.push(chunk);
    }
    try {
      return { value: JSON.parse(Buffer.concat(chunks).toString("utf8")) as unknown };
    } catch {
      reply(400, { ok: false, error: "request body is not JSON" });
      return undefined;
    }
  }

  async function devControl(
    name: string,
    request: http.IncomingMessage,
    response: http.ServerResponse,
  ): Promise<void> {
    const reply = replier(response);
    // A page from another origin must not drive the test controls (a browser sends its Origin on a POST).
    const origin = request.headers.origin;
    if (origin !== undefined && origin !== bridgeOrigin) {
      return reply(403, { ok: false, error: `dev control refused for origin ${origin}` });
    }
    const control =
      options.devControls && Object.hasOwn(options.devControls, name) ? options.devControls[name] : undefined;
    if (!control) {
      const known = Object.keys(options.devControls ?? {}).join(", ") || "none";
      return reply(404, { ok: false, error: `unknown dev control "${name}"; known: ${known}` });
    }
    const body = await readJson(request, reply);
    if (!body) return;
    try {
      reply(200, { ok: true, result: (await control(body.value)) ?? null });
    } catch (error) {
      reply(400, { ok: false, error: error instanceof Error ? error.message : String(error) });
    }
  }

  async function invoke(request: http.IncomingMessage, response: http.ServerResponse): Promise<void> {
    const reply = replier(response);
    const body = await readJson(request, reply);
    if (!body) return;
    const message = (typeof body.value === "object" && body.value !== null ? body.value : {}) as {
      channel?: unknown;
      arg?: unknown;
    };
    const listener = typeof message.channel === "string" ? listeners.get(message.channel) : undefined;
    if (!listener) return reply(404, { ok: false, error: `unknown channel ${String(message.channel)}` });
    // The browser's Origin and Referer stand in for Electron's senderFrame.
    const referer = request.headers.referer;
    const sameOrigin = request.headers.origin === bridgeOrigin;
    const senderFrame: SenderFrame | null = referer && sameOrigin ? { url: referer, parent: null } : null;
    try {
      const result = await listener({ senderFrame }, message.arg ?? undefined);
      reply(200, { ok: true, result: result ?? null });
    } catch (error) {
      reply(200, { ok: false, error: error instanceof Error ? error.message : String(error) });
    }
  }

  async function sendFile(response: http.ServerResponse, file: string): Promise<void> {
    try {
      const body = await readFile(file);
      response.writeHead(200, {
        "content-type": contentTypes[path.extname(file)] ?? "application/octet-stream",
      });
      response.end(body);
    } catch {
      response.writeHead(404).end();
    }
  }

  await new Promise<void>((resolve) => server.listen(options.port, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  const bridgeOrigin = `http://127.0.0.1:${port}`;
  const url = `${bridgeOrigin}/`;
  registerMainHandlers(ipc, options.makeHandlers(notifier), createSenderCheck(url));

  return {
    url,
    close: () =>
      new Promise<void>((resolve) => {
        for (const stream of eventStreams) stream.end();
        server.close(() => resolve());
      }),
  };
}
