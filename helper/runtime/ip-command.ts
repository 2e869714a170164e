// iproute2 calls for the data plane: argv arrays via execFile (never a shell), errors naming the command.
import { execFile } from "node:child_process";

export class IpCommandError extends Error {
  override readonly name = "IpCommandError";
}

export function runIp(args: readonly string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile("ip", [...args], { encoding: "utf8" }, (error, stdout, stderr) => {
      if (error) {
        reject(new IpCommandError(`ip ${args.join(" ")} failed: ${(stderr || error.message).trim()}`));
        return;
      }
      resolve(stdout);
    });
  });
}

/** Sets the TUN's addresses and MTU and brings it up. */
export async function configureTun(
  name: string,
  addresses: readonly string[],
  mtuBytes: number,
): Promise<void> {
  for (const address of addresses) await runIp(["address", "add", address, "dev", name]);
  await runIp(["link", "set", "dev", name, "mtu", String(mtuBytes), "up"]);
}

/**
 * Splits default routes the way wg-quick does without policy routing: 0.0.0.0/0 as two /1 halves (and ::/0 as
 * ::/1 + 8000::/1), which win over the existing default route without replacing it.
 */
export function tunnelRoutePrefixes(allowedIps: readonly string[]): string[] {
  return allowedIps.flatMap((prefix) => {
    if (prefix === "0.0.0.0/0") return ["0.0.0.0/1", "128.0.0.0/1"];
    if (prefix === "::/0") return ["::/1", "8000::/1"];
    return [prefix];
  });
}

export function isDefaultRoute(prefix: string): boolean {
  return prefix === "0.0.0.0/0" || prefix === "::/0";
}
