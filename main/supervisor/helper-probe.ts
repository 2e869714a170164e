// One look at the control socket: asks `version` and sorts the outcome into what the supervisor acts on. Raw
// rather than through ControlClient, which folds the errno and the helper's refusal line into one message.
import { connect } from "node:net";
import { RpcErrorCode } from "../../helper/control/control-schema";
import type { HelperFinding } from "./supervisor-state";

export function probeHelper(socketPath: string, timeoutMs = 2_000): Promise<HelperFinding> {
  return new Promise((resolve) => {
    const socket = connect(socketPath);
    let buffered = "";
    let settled = false;
    const finish = (finding: HelperFinding) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      socket.destroy();
      resolve(finding);
    };
    const timer = setTimeout(
      () =>
        finish({ kind: "silent", detail: `${socketPath} did not answer "version" within ${timeoutMs} ms` }),
      timeoutMs,
    );
    socket.once("connect", () =>
      socket.write(`${JSON.stringify({ jsonrpc: "2.0", id: 1, method: "version" })}\n`),
    );
    socket.on("error", (error: NodeJS.ErrnoException) => {
      if (error.code === "ENOENT") finish({ kind: "absent", detail: `no socket at ${socketPath}` });
      else if (error.code === "ECONNREFUSED")
        finish({ kind: "absent", detail: `nothing listens on ${socketPath}` });
      else if (error.code === "EACCES" || error.code === "EPERM")
        finish({ kind: "not-allowed", detail: `${socketPath} is not open to this user` });
      else finish({ kind: "absent", detail: `cannot reach ${socketPath}: ${error.message}` });
    });
    socket.on("data", (chunk: Buffer) => {
      buffered += chunk.toString("utf8");
      const end = buffered.indexOf("\n");
      if (end < 0) return;
      let message: { result?: { helperVersion?: unknown }; error?: { code?: unknown; message?: unknown } };
      try {
        message = JSON.parse(buffered.slice(0, end));
      } catch {
        finish({ kind: "silent", detail: `${socketPath} answered something that is not JSON` });
        return;
      }
      const version = message.result?.helperVersion;
      if (typeof version === "string") finish({ kind: "answered", helperVersion: version });
      else if (message.error?.code === RpcErrorCode.notAllowed)
        finish({ kind: "not-allowed", detail: String(message.error.message ?? "refused") });
      else
        finish({
          kind: "silent",
          detail: `${socketPath} did not answer "version" (${buffered.slice(0, end).slice(0, 200)})`,
        });
    });
    socket.on("close", () =>
      finish({ kind: "silent", detail: `${socketPath} closed the connection without answering "version"` }),
    );
  });
}
