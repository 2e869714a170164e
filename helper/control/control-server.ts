// Line-delimited JSON-RPC 2.0 over a Unix socket: framing, limits, validation and dispatch; one bad client never stalls the rest.
import { chmodSync, chownSync, mkdirSync, rmSync } from "node:fs";
import { createServer, type Server, type Socket } from "node:net";
import { dirname } from "node:path";
import {
  type ControlEvent,
  controlMethods,
  isMethodName,
  type MethodName,
  type ParamsOf,
  type ResultOf,
  RpcErrorCode,
} from "./control-schema";
import { SchemaError } from "./schema-dsl";

export type ControlHandlers = {
  [M in MethodName]: (params: ParamsOf<M>) => Promise<ResultOf<M>> | ResultOf<M>;
};

/** Who may talk to the helper; the Linux implementation reads SO_PEERCRED. */
export type Authorize = (
  socket: Socket,
) => { readonly allowed: true; readonly uid: number } | { readonly allowed: false; readonly reason: string };

export interface ControlServerOptions {
  readonly socketPath: string;
  readonly handlers: ControlHandlers;
  readonly authorize: Authorize;
  /** Socket file group and mode: root:braid 0660 in production. */
  readonly socketGid?: number;
  /** The socket file's owner; root when absent. */
  readonly socketUid?: number;
  readonly socketMode?: number;
  readonly maxLineBytes?: number;
  /** Cap for non-root clients; root has its own reserve on top, so a crowd of user clients cannot lock root out. */
  readonly maxConnections?: number;
  readonly rootReserveConnections?: number;
  /** Token bucket per connection: requests per second and burst. */
  readonly requestsPerSec?: number;
  readonly burstRequests?: number;
  readonly nowMs?: () => number;
}

/** An error a handler throws to return a specific JSON-RPC error (e.g. "profile not found"). */
export class RpcError extends Error {
  constructor(
    readonly code: number,
    message: string,
  ) {
    super(message);
  }
}

interface Connection {
  readonly socket: Socket;
  pending: Buffer[];
  pendingBytes: number;
  tokens: number;
  lastRefillMs: number;
  subscribed: boolean;
}

export class ControlServer {
  private readonly server: Server;
  private readonly connections = new Set<Connection>();
  private readonly maxLineBytes: number;
  private readonly maxConnections: number;
  private readonly rootReserveConnections: number;
  private readonly requestsPerSec: number;
  private readonly burstRequests: number;
  private readonly nowMs: () => number;

  constructor(private readonly options: ControlServerOptions) {
    this.maxLineBytes = options.maxLineBytes ?? 1024 * 1024;
    this.maxConnections = options.maxConnections ?? 256;
    this.rootReserveConnections = options.rootReserveConnections ?? 32;
    this.requestsPerSec = options.requestsPerSec ?? 200;
    this.burstRequests = options.burstRequests ?? 400;
    this.nowMs = options.nowMs ?? Date.now;
    this.server = createServer((socket) => this.accept(socket));
  }

  async listen(): Promise<void> {
    const path = this.options.socketPath;
    mkdirSync(dirname(path), { recursive: true });
    rmSync(path, { force: true });
    await new Promise<void>((resolve, reject) => {
      this.server.once("error", reject);
      // A deep backlog: 1,000 clients connecting at once must queue, not get EAGAIN.
      this.server.listen({ path, backlog: 4096 }, () => resolve());
    });
    // Owner: the user who installed Braid (a file's owner may connect, so the installer needs no group);
    // -1 leaves a side as created (root).
    const uid = this.options.socketUid ?? -1;
    const gid = this.options.socketGid ?? -1;
    if (uid !== -1 || gid !== -1) chownSync(path, uid, gid);
    chmodSync(path, this.options.socketMode ?? 0o660);
  }

  async close(): Promise<void> {
    for (const c of this.connections) c.socket.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
    rmSync(this.options.socketPath, { force: true });
  }

  get connectionCount(): number {
    return this.connections.size;
  }

  /** Push an event to every subscribed client; a client that does not read is dropped, not buffered forever. */
  publish(event: ControlEvent): void {
    const line = `${JSON.stringify({ jsonrpc: "2.0", method: "event", params: event })}\n`;
    for (const c of this.connections) {
      if (!c.subscribed) continue;
      if (c.socket.writableLength > 4 * this.maxLineBytes) c.socket.destroy();
      else c.socket.write(line);
    }
  }

  private accept(socket: Socket): void {
    const verdict = this.options.authorize(socket);
    if (!verdict.allowed) {
      this.refuse(socket, RpcErrorCode.notAllowed, verdict.reason);
      return;
    }
    // Only authorised clients count, so a flood of refused peers cannot lock anyone out; root has a reserve.
    const cap = verdict.uid === 0 ? this.maxConnections + this.rootReserveConnections : this.maxConnections;
    if (this.connections.size >= cap) {
      this.refuse(
        socket,
        RpcErrorCode.tooManyConnections,
        `too many control connections (${this.maxConnections}); close idle clients and retry`,
      );
      return;
    }
    const c: Connection = {
      socket,
      pending: [],
      pendingBytes: 0,
      tokens: this.burstRequests,
      lastRefillMs: this.nowMs(),
      subscribed: false,
    };
    this.connections.add(c);
    socket.on("data", (chunk) => this.onData(c, chunk));
    socket.on("error", () => socket.destroy());
    socket.on("close", () => this.connections.delete(c));
  }

  private refuse(socket: Socket, code: number, message: string): void {
    socket.on("error", () => socket.destroy());
    socket.end(`${JSON.stringify({ jsonrpc: "2.0", id: null, error: { code, message } })}\n`);
    setTimeout(() => socket.destroy(), 1000).unref();
  }

  private onData(c: Connection, chunk: Buffer): void {
    let start = 0;
    for (;;) {
      const nl = chunk.indexOf(0x0a, start);
      const end = nl === -1 ? chunk.length : nl;
      const piece = chunk.subarray(start, end);
      // Checked before keeping the bytes: a 10 MB line is refused after 1 MiB, never held whole.
      if (c.pendingBytes + piece.length > this.maxLineBytes) {
        c.pending = [];
        c.socket.pause();
        // Destroyed once the error is flushed: end() alone would wait for a peer still pushing megabytes.
        c.socket.write(
          `${JSON.stringify({
            jsonrpc: "2.0",
            id: null,
            error: {
              code: RpcErrorCode.messageTooLarge,
              message: `request line longer than ${this.maxLineBytes} bytes; the connection is closed, send smaller requests`,
            },
          })}\n`,
          () => c.socket.destroy(),
        );
        return;
      }
      if (nl === -1) {
        if (piece.length > 0) {
          c.pending.push(Buffer.from(piece));
          c.pendingBytes += piece.length;
        }
        return;
      }
      const line = Buffer.concat([...c.pending, piece]).toString("utf8");
      c.pending = [];
      c.pendingBytes = 0;
      if (line.trim() !== "") this.onLine(c, line);
      start = nl + 1;
      if (c.socket.destroyed) return;
    }
  }

  private takeToken(c: Connection): boolean {
    const now = this.nowMs();
    c.tokens = Math.min(this.burstRequests, c.tokens + ((now - c.lastRefillMs) / 1000) * this.requestsPerSec);
    c.lastRefillMs = now;
    if (c.tokens < 1) return false;
    c.tokens -= 1;
    return true;
  }

  private onLine(c: Connection, line: string): void {
    if (!this.takeToken(c)) {
      this.send(c, null, {
        code: RpcErrorCode.rateLimited,
        message: `more than ${this.requestsPerSec} requests per second on one connection; slow down and retry`,
      });
      return;
    }
    let request: unknown;
    try {
      request = JSON.parse(line);
    } catch (error) {
      this.send(c, null, {
        code: RpcErrorCode.parseError,
        message: `not valid JSON: ${(error as Error).message}`,
      });
      return;
    }
    if (typeof request !== "object" || request === null || Array.isArray(request)) {
      this.send(c, null, {
        code: RpcErrorCode.invalidRequest,
        message: "a request must be one JSON object per line",
      });
      return;
    }
    const r = request as Record<string, unknown>;
    const id = typeof r.id === "string" || typeof r.id === "number" ? r.id : null;
    if (r.jsonrpc !== "2.0") {
      this.send(c, id, { code: RpcErrorCode.invalidRequest, message: 'jsonrpc: must be "2.0"' });
      return;
    }
    if (typeof r.method !== "string") {
      this.send(c, id, { code: RpcErrorCode.invalidRequest, message: "method: must be a string" });
      return;
    }
    if (r.id !== undefined && id === null && r.id !== null) {
      this.send(c, null, {
        code: RpcErrorCode.invalidRequest,
        message: "id: must be a string, a number or null",
      });
      return;
    }
    if (!isMethodName(r.method)) {
      this.send(c, id, {
        code: RpcErrorCode.methodNotFound,
        message: `unknown method "${r.method.slice(0, 64)}"; see docs/control-api.md for the list`,
      });
      return;
    }
    void this.dispatch(c, id, r.method, r.params);
  }

  private async dispatch(
    c: Connection,
    id: string | number | null,
    name: MethodName,
    raw: unknown,
  ): Promise<void> {
    let params: unknown;
    try {
      params = controlMethods[name].params(raw, "params");
    } catch (error) {
      if (!(error instanceof SchemaError)) throw error;
      this.send(c, id, { code: RpcErrorCode.invalidParams, message: `${name}: ${error.message}` });
      return;
    }
    try {
      const handler = this.options.handlers[name] as (p: unknown) => unknown;
      const result = await handler(params);
      if (name === "subscribe") c.subscribed = true;
      this.send(c, id, undefined, result ?? null);
    } catch (error) {
      const code = error instanceof RpcError ? error.code : RpcErrorCode.operationFailed;
      this.send(c, id, { code, message: `${name}: ${(error as Error).message}` });
    }
  }

  private send(
    c: Connection,
    id: string | number | null,
    error: { code: number; message: string } | undefined,
    result?: unknown,
  ): void {
    if (c.socket.destroyed || !c.socket.writable) return;
    const body = error ? { jsonrpc: "2.0", id, error } : { jsonrpc: "2.0", id, result };
    c.socket.write(`${JSON.stringify(body)}\n`);
  }
}
