// Starts the built dev bridge (renderer + window.braid over HTTP) as a child process and stops it after the test.
import { type ChildProcess, spawn } from "node:child_process";
import { existsSync } from "node:fs";
import path from "node:path";

const bridgeScript = path.join(__dirname, "..", "..", "dist", "dev-bridge", "dev-bridge.mjs");

export interface RunningBridge {
  readonly url: string;
  stop(): Promise<void>;
}

export const devBridgeBuilt = (): boolean => existsSync(bridgeScript);

/** extraArgs: e.g. ["--helper-socket", PATH] to serve a running helper instead of the simulated tunnel. */
export async function startDevBridgeProcess(extraArgs: readonly string[] = []): Promise<RunningBridge> {
  if (!existsSync(bridgeScript)) throw new Error(`${bridgeScript} is missing: run npm run build first`);
  const child: ChildProcess = spawn(process.execPath, [bridgeScript, "--port", "0", ...extraArgs], {
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stderr = "";
  child.stderr?.on("data", (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`dev bridge did not start within 10 s: ${stderr}`)),
      10_000,
    );
    child.stdout?.once("data", (chunk: Buffer) => {
      clearTimeout(timer);
      resolve(chunk.toString().trim());
    });
    child.once("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`dev bridge exited with ${code}: ${stderr}`));
    });
  });
  return {
    url,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once("exit", () => resolve());
        child.kill("SIGTERM");
      }),
  };
}
