// The text of braid-helper.service: `braid helper` from fixed absolute paths, restarted always, with the
// hardening a root network daemon can bear (it still needs NET_ADMIN, /dev/net/tun, /proc/sys and its files).

export const UNIT_NAME = "braid-helper.service";

export interface HelperUnitSpec {
  /** The node binary (process.execPath of the installing braid). */
  readonly nodePath: string;
  /** The installed copy of dist/helper/braid.js. */
  readonly scriptPath: string;
  readonly version: string;
  readonly socketPath: string;
  readonly profilesDir: string;
  /** The user who ran the install through sudo: allowed on the socket without joining the group. */
  readonly installerUid?: number;
}

/** A control character or a newline would end the directive early: no quoting can carry it. */
const hasControlChar = (value: string): boolean =>
  [...value].some((c) => (c.codePointAt(0) ?? 0) < 0x20 || c === "\u007f");

function requireAbsolute(what: string, value: string): void {
  if (!value.startsWith("/"))
    throw new Error(`${what} must be an absolute path for the systemd unit, got "${value}"`);
  if (hasControlChar(value)) throw new Error(`${what} holds a control character or newline: ${value}`);
  if (value.split("/").some((part) => part === ".." || part === "."))
    throw new Error(`${what} must not contain "." or ".." parts, got "${value}"`);
}

/**
 * One ExecStart word, double-quoted per systemd.service(5): backslash and quote escaped C-style, "%" (specifiers)
 * as "%%" and "$" (variable expansion) as "$$", so systemd passes the exact bytes to the helper.
 */
export function quoteExecArg(value: string): string {
  if (hasControlChar(value)) throw new Error(`"${value}" holds a control character or newline`);
  const escaped = value
    .replaceAll("\\", "\\\\")
    .replaceAll('"', '\\"')
    .replaceAll("%", "%%")
    .replaceAll("$", "$$$$");
  return `"${escaped}"`;
}

/** Paths in ReadWritePaths= and the like are space separated: only plain absolute paths go there. */
function plainPath(what: string, value: string): string {
  requireAbsolute(what, value);
  if (!/^\/[A-Za-z0-9._/+-]*$/.test(value))
    throw new Error(
      `${what} "${value}" has characters the unit cannot list (use letters, digits, . _ - + /)`,
    );
  return value;
}

function dirOf(path: string): string {
  return path.slice(0, path.lastIndexOf("/")) || "/";
}

/** A node or script under /home or /root stays readable: ProtectHome= then makes home read-only, not hidden. */
function protectHome(spec: HelperUnitSpec): "yes" | "read-only" {
  const underHome = (p: string) => /^\/(home|root|run\/user)(\/|$)/.test(p);
  return underHome(spec.nodePath) || underHome(spec.scriptPath) ? "read-only" : "yes";
}

export function buildHelperUnit(spec: HelperUnitSpec): string {
  requireAbsolute("the node binary", spec.nodePath);
  requireAbsolute("the braid script", spec.scriptPath);
  const socketPath = plainPath("the socket path", spec.socketPath);
  const profilesDir = plainPath("the profiles folder", spec.profilesDir);
  if (!/^[0-9A-Za-z.+-]+$/.test(spec.version)) throw new Error(`"${spec.version}" is not a version`);
  const uid = spec.installerUid;
  if (uid !== undefined && !(Number.isInteger(uid) && uid >= 0))
    throw new Error(`the installer uid must be a whole number, got ${uid}`);
  const exec = [
    spec.nodePath,
    spec.scriptPath,
    "helper",
    "--socket",
    socketPath,
    "--profiles",
    profilesDir,
    ...(uid !== undefined && uid !== 0 ? ["--installer-uid", String(uid)] : []),
  ]
    .map(quoteExecArg)
    .join(" ");
  const runtimeDir = dirOf(socketPath);
  const writable = [
    ...(runtimeDir === "/run/braid" ? [] : [plainPath("the socket folder", runtimeDir)]),
    "/etc/braid",
    ...(profilesDir.startsWith("/etc/braid/") ? [] : [profilesDir]),
    "-/etc/resolv.conf",
  ];
  return [
    `# Written by \`braid service install\` (braid ${spec.version}); \`sudo braid service uninstall\` removes it.`,
    "[Unit]",
    `Description=Braid multipath VPN helper (control socket ${socketPath.replaceAll("%", "%%")})`,
    "After=network.target",
    // Restart=always means always: without this, five crashes in ten seconds would leave it stopped for good.
    "StartLimitIntervalSec=0",
    "",
    "[Service]",
    "Type=simple",
    `ExecStart=${exec}`,
    "Restart=always",
    "RestartSec=1",
    "RuntimeDirectory=braid",
    "RuntimeDirectoryMode=0755",
    // The journal of routes, rules and nft tables lives in /run/braid: it must survive a crash restart so the
    // next run can undo what the dead one changed.
    "RuntimeDirectoryPreserve=restart",
    // What the user wants (connected to which profile, the overrides) and the month's data usage:
    // /var/lib/braid, kept across restarts and reboots, root only.
    "StateDirectory=braid",
    "StateDirectoryMode=0700",
    "UMask=0077",
    "# Root, but only with the capabilities a TUN device, routes, nftables and the socket's group need.",
    "CapabilityBoundingSet=CAP_NET_ADMIN CAP_NET_RAW CAP_CHOWN",
    "NoNewPrivileges=yes",
    "ProtectSystem=strict",
    `ReadWritePaths=${writable.join(" ")}`,
    `ProtectHome=${protectHome(spec)}`,
    "PrivateTmp=yes",
    "DevicePolicy=closed",
    "DeviceAllow=/dev/net/tun rw",
    "ProtectKernelModules=yes",
    "ProtectKernelLogs=yes",
    "ProtectControlGroups=yes",
    "ProtectClock=yes",
    "ProtectHostname=yes",
    "RestrictAddressFamilies=AF_UNIX AF_INET AF_INET6 AF_NETLINK",
    "RestrictNamespaces=yes",
    "RestrictRealtime=yes",
    "RestrictSUIDSGID=yes",
    "LockPersonality=yes",
    "SystemCallArchitectures=native",
    "",
    "[Install]",
    "WantedBy=multi-user.target",
    "",
  ].join("\n");
}

/** The ExecStart words of a unit this builder wrote (for `service status`), or undefined. */
export function parseExecStart(unitText: string): string[] | undefined {
  const line = unitText.split("\n").find((l) => l.startsWith("ExecStart="));
  if (line === undefined) return undefined;
  const words: string[] = [];
  const pattern = /"((?:[^"\\]|\\.)*)"/g;
  for (const match of line.slice("ExecStart=".length).matchAll(pattern)) {
    words.push((match[1] as string).replaceAll("$$", "$").replaceAll("%%", "%").replace(/\\(.)/g, "$1"));
  }
  return words;
}

/** Who ran the install through sudo (or pkexec): that user may use the socket without the group. Not root. */
export function installerUidFromEnv(env: Readonly<Record<string, string | undefined>>): number | undefined {
  for (const text of [env.SUDO_UID, env.PKEXEC_UID]) {
    if (text === undefined || !/^\d+$/.test(text)) continue;
    const uid = Number(text);
    if (uid !== 0) return uid;
  }
  return undefined;
}
