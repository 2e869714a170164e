// SO_PEERCRED for real: as root, a child running as nobody (uid 65534) connects and is refused; root is served.
import { spawn } from "node:child_process";
import { chmodSync, mkdtempSync, rmSync, statSync } from "node:fs";
import { connect } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { RpcErrorCode } from "./control-schema";
import { type ControlHandlers, ControlServer } from "./control-server";
import { groupMemberUids, peerCredAuthorize } from "./peer-cred-linux";

const isRoot = process.getuid?.() === 0;
const handlers = { state: () => ({ state: "disconnected" }) } as unknown as ControlHandlers;

function runAs(uid: number, socketPath: string): Promise<string> {
  const script = `const s=require("net").connect(${JSON.stringify(socketPath)});s.write('{"jsonrpc":"2.0","id":1,"method":"state"}\\n');let t="";s.on("data",d=>{t+=d;if(t.includes("\\n"))s.destroy()});s.on("close",()=>process.stdout.write(t));s.on("error",e=>process.stdout.write("error "+e.message));`;
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ["-e", script], { uid, gid: uid });
    let out = "";
    child.stdout.on("data", (d) => (out += d));
    child.on("close", () => resolve(out));
  });
}

describe("peer credentials", () => {
  it("reads group members from /etc/group and primary groups from /etc/passwd", () => {
    const group = "root:x:0:\nbraid:x:990:alice,bob\n";
    const passwd =
      "alice:x:1000:1000::/h:/bin/sh\ncarol:x:1002:990::/h:/bin/sh\nbob:x:1001:1001::/h:/bin/sh\neve:x:1003:1003::/h:/bin/sh\n";
    expect([...groupMemberUids("braid", group, passwd)].sort()).toEqual([1000, 1001, 1002]);
    expect(groupMemberUids("missing", group, passwd).size).toBe(0);
  });

  it.skipIf(!isRoot)("refuses uid 65534 with a JSON-RPC error and serves root (needs root)", async () => {
    const dir = mkdtempSync(join(tmpdir(), "braid-cred-"));
    chmodSync(dir, 0o755);
    const socketPath = join(dir, "braid.sock");
    // 0666 only in this test so the refusal comes from SO_PEERCRED, not from the file mode.
    const server = new ControlServer({
      socketPath,
      handlers,
      authorize: peerCredAuthorize({ readFile: () => "" }),
      socketMode: 0o666,
    });
    await server.listen();
    try {
      const refused = JSON.parse(await runAs(65534, socketPath));
      expect(refused.error.code).toBe(RpcErrorCode.notAllowed);
      expect(refused.error.message).toContain("uid 65534");
      const served = await new Promise<string>((resolve) => {
        const s = connect(socketPath);
        s.write('{"jsonrpc":"2.0","id":1,"method":"state"}\n');
        s.once("data", (d) => {
          resolve(d.toString());
          s.destroy();
        });
      });
      expect(JSON.parse(served).result).toEqual({ state: "disconnected" });
    } finally {
      await server.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it.skipIf(!isRoot)(
    "the installer owns the socket (0600) and is served; another user cannot open it (needs root)",
    async () => {
      const dir = mkdtempSync(join(tmpdir(), "braid-cred-"));
      chmodSync(dir, 0o755);
      const socketPath = join(dir, "braid.sock");
      const server = new ControlServer({
        socketPath,
        handlers,
        authorize: peerCredAuthorize({ readFile: () => "", installerUid: 65534 }),
        socketUid: 65534,
        socketMode: 0o600,
      });
      await server.listen();
      try {
        expect(statSync(socketPath).uid).toBe(65534);
        expect(JSON.parse(await runAs(65534, socketPath)).result).toEqual({ state: "disconnected" });
        // Neither the owner nor in the group: the file mode stops it before the helper's own check.
        expect(await runAs(65533, socketPath)).toMatch(/EACCES/);
      } finally {
        await server.close();
        rmSync(dir, { recursive: true, force: true });
      }
    },
  );
});
