// The socket probe against real Unix sockets in a scratch folder: a helper answering, refusing, silent, absent.
import { mkdtempSync, rmSync } from "node:fs";
import { createServer, type Server } from "node:net";
import os from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { probeHelper } from "./helper-probe";

const cleanups: (() => void)[] = [];
afterEach(() => {
  for (const cleanup of cleanups.splice(0)) cleanup();
});

async function serve(onLine: (line: string, reply: (text: string) => void) => void): Promise<string> {
  const dir = mkdtempSync(path.join(os.tmpdir(), "braid-probe-"));
  const socketPath = path.join(dir, "braid.sock");
  const server: Server = createServer((socket) => {
    socket.on("data", (chunk) => onLine(chunk.toString("utf8").trim(), (text) => socket.write(`${text}\n`)));
  });
  await new Promise<void>((resolve) => server.listen(socketPath, resolve));
  cleanups.push(() => {
    server.close();
    rmSync(dir, { recursive: true, force: true });
  });
  return socketPath;
}

describe("probeHelper (real sockets)", () => {
  it("reads the helper's version", async () => {
    const socketPath = await serve((line, reply) => {
      const id = JSON.parse(line).id;
      reply(
        JSON.stringify({
          jsonrpc: "2.0",
          id,
          result: { helperVersion: "0.1.0", apiVersion: 1, platform: "linux" },
        }),
      );
    });
    expect(await probeHelper(socketPath)).toEqual({ kind: "answered", helperVersion: "0.1.0" });
  });

  it("tells a refusal (SO_PEERCRED) from a missing helper", async () => {
    const socketPath = await serve((_line, reply) =>
      reply(
        JSON.stringify({
          jsonrpc: "2.0",
          id: null,
          error: { code: -32001, message: "uid 1000 may not control Braid" },
        }),
      ),
    );
    expect(await probeHelper(socketPath)).toEqual({
      kind: "not-allowed",
      detail: "uid 1000 may not control Braid",
    });
  });

  it("a socket that never answers is silent after the timeout", async () => {
    const socketPath = await serve(() => undefined);
    const finding = await probeHelper(socketPath, 200);
    expect(finding.kind).toBe("silent");
  });

  it("no socket file is absent", async () => {
    const finding = await probeHelper(path.join(os.tmpdir(), "braid-no-such-dir", "braid.sock"));
    expect(finding).toEqual({ kind: "absent", detail: expect.stringContaining("no socket at") });
  });
});
