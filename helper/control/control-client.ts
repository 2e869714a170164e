// A client of the helper's control socket (`braid status`, `paths`, `down`, and the tests): typed requests over
// line-delimited JSON-RPC 2.0, and the events pushed after subscribe.
import { connect, type Socket } from "node:net";
import type { ControlEvent, MethodName, ParamsOf, ResultOf } from "./control-schema";

interface Pending {
  readonly resolve: (value: unknown) => void;
  readonly reject: (error: Error) => void;
}

/** The helper answered with a JSON-RPC error: its code and message (which says what to do). */
export class ControlCallError extends Error {
  constructor(
    readonly code: number,
    message: string,
  ) {
    super(message);
  }
}

export class ControlClient {
  private nextId = 1;
  private buffer = "";
  private readonly pending = new Map<number, Pending>();
  private readonly eventListeners: ((event: ControlEvent) => void)[] = [];
  private readonly closeListeners: (() => void)[] = [];

  private constructor(private readonly socket: Socket) {
    socket.setEncoding("utf8");
    socket.on("data", (chunk: string) => this.onData(chunk));
    socket.on("close", () => {
      for (const p of this.pending.values()) p.reject(new Error("the helper closed the connection"));
      this.pending.clear();
      for (const listener of this.closeListeners) listener();
    });
  }

  /** Connects, or rejects with what to do when no helper listens there. */
  static open(socketPath: string): Promise<ControlClient> {
    return new Promise((resolve, reject) => {
      const socket = connect(socketPath);
      socket.once("connect", () => {
        socket.removeAllListeners("error");
        socket.on("error", () => undefined); // reported through close
        resolve(new ControlClient(socket));
      });
      socket.once("error", (error: NodeJS.ErrnoException) => {
        const hint =
          error.code === "ENOENT" || error.code === "ECONNREFUSED"
            ? "the Braid helper is not running; start it with `sudo braid helper` (or install the service)"
            : error.code === "EACCES"
              ? "not allowed; add your user to the braid group (sudo usermod -aG braid $USER) and log in again"
              : error.message;
        reject(new Error(`cannot reach the helper at ${socketPath}: ${hint}`));
      });
    });
  }

  call<M extends MethodName>(method: M, params?: ParamsOf<M>): Promise<ResultOf<M>> {
    const id = this.nextId++;
    const message = { jsonrpc: "2.0", id, method, ...(params !== undefined && { params }) };
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve: resolve as (value: unknown) => void, reject });
      this.socket.write(`${JSON.stringify(message)}\n`);
    });
  }

  onEvent(listener: (event: ControlEvent) => void): void {
    this.eventListeners.push(listener);
  }

  /** The connection ended (the helper stopped or restarted, or close() was called). */
  onClose(listener: () => void): void {
    this.closeListeners.push(listener);
  }

  close(): void {
    this.socket.destroy();
  }

  private onData(chunk: string): void {
    this.buffer += chunk;
    for (let newline = this.buffer.indexOf("\n"); newline >= 0; newline = this.buffer.indexOf("\n")) {
      const line = this.buffer.slice(0, newline);
      this.buffer = this.buffer.slice(newline + 1);
      if (line.trim()) this.onMessage(line);
    }
  }

  private onMessage(line: string): void {
    let message: {
      id?: number;
      method?: string;
      params?: unknown;
      result?: unknown;
      error?: { code: number; message: string };
    };
    try {
      message = JSON.parse(line);
    } catch {
      return; // the helper only writes JSON; a torn line is not worth failing a call for
    }
    if (message.method === "event") {
      for (const listener of this.eventListeners) listener(message.params as ControlEvent);
      return;
    }
    const pending = message.id === undefined ? undefined : this.pending.get(message.id);
    if (!pending || message.id === undefined) return;
    this.pending.delete(message.id);
    if (message.error) pending.reject(new ControlCallError(message.error.code, message.error.message));
    else pending.resolve(message.result);
  }
}
