// Applies a tunnel's DNS on Linux, journaled so stop, a failure and the next start after a crash restore it:
// through systemd-resolved when this machine resolves through it, else by rewriting /etc/resolv.conf.
import { execFile } from "node:child_process";
import { type DnsSettings, resolvConfText } from "../config/dns-settings";
import { type FileState, readFileState } from "../runtime/file-state";
import type { SystemChanges } from "../runtime/system-journal";

export type DnsMechanism = "systemd-resolved" | "resolv.conf";

export interface CommandResult {
  readonly ok: boolean;
  readonly stdout: string;
}

/** Runs argv (never a shell); ok false when the command is missing or fails. */
export type CommandRunner = (argv: readonly string[]) => Promise<CommandResult>;

export const RESOLV_CONF = "/etc/resolv.conf";

export const runCommand: CommandRunner = (argv) =>
  new Promise((resolve) => {
    const [file, ...args] = argv;
    if (file === undefined) return resolve({ ok: false, stdout: "" });
    execFile(file, args, { encoding: "utf8", timeout: 5_000 }, (error, stdout) =>
      resolve({ ok: !error, stdout }),
    );
  });

/** Whether resolv.conf hands queries to systemd-resolved (its stub at 127.0.0.53, or its files under /run). */
export function resolvConfUsesResolved(state: FileState): boolean {
  if (state.kind === "symlink") return state.target.includes("/run/systemd/resolve/");
  if (state.kind === "content") return /^\s*nameserver\s+127\.0\.0\.5[34]\s*$/m.test(state.text);
  return false;
}

/**
 * systemd-resolved when resolvectl exists, the service answers (`resolvectl status` succeeds) and resolv.conf
 * sends queries to it; otherwise resolv.conf. The last check is why a running resolved is not enough: where
 * resolv.conf is someone else's (NetworkManager writing it directly, a network namespace with its own file from
 * /etc/netns), per-link settings in resolved would change nothing that programs resolve through.
 */
export async function chooseDnsMechanism(run: CommandRunner, resolvConf: FileState): Promise<DnsMechanism> {
  if (!resolvConfUsesResolved(resolvConf)) return "resolv.conf";
  const status = await run(["resolvectl", "status"]);
  return status.ok ? "systemd-resolved" : "resolv.conf";
}

export interface DnsSpec {
  readonly tunName: string;
  readonly settings: DnsSettings;
  /** True when AllowedIPs holds a default route: every query goes into the tunnel, not just the search domains. */
  readonly routesAll: boolean;
}

export interface DnsDeps {
  readonly run: CommandRunner;
  readonly readResolvConf: () => FileState;
}

const realDeps: DnsDeps = { run: runCommand, readResolvConf: () => readFileState(RESOLV_CONF) };

/** The resolvectl domain argument list: `~.` makes the tunnel's servers the ones for every name. */
export function resolvedDomains(spec: DnsSpec): string[] {
  return [...(spec.routesAll ? ["~."] : []), ...spec.settings.searchDomains];
}

/** Applies spec's DNS through changes (undo journaled first) and says which mechanism it used. */
export async function applyDns(
  changes: SystemChanges,
  spec: DnsSpec,
  deps: DnsDeps = realDeps,
): Promise<DnsMechanism> {
  const before = deps.readResolvConf();
  const mechanism = await chooseDnsMechanism(deps.run, before);
  const { tunName, settings } = spec;
  if (mechanism === "systemd-resolved") {
    const revert = { kind: "run", argv: ["resolvectl", "revert", tunName] } as const;
    await changes.change(
      `resolvectl dns ${tunName}`,
      { kind: "run", argv: ["resolvectl", "dns", tunName, ...settings.servers] },
      revert,
    );
    const domains = resolvedDomains(spec);
    if (domains.length > 0)
      await changes.change(
        `resolvectl domain ${tunName}`,
        { kind: "run", argv: ["resolvectl", "domain", tunName, ...domains] },
        revert,
      );
    return mechanism;
  }
  const text = resolvConfText(tunName, settings);
  const mode = before.kind === "content" ? before.mode : 0o644;
  await changes.change(
    `${RESOLV_CONF} for ${tunName}`,
    { kind: "file", path: RESOLV_CONF, state: { kind: "content", text, mode } },
    { kind: "file", path: RESOLV_CONF, state: before },
  );
  return mechanism;
}
