// The one shell line the app hands to sudo-prompt: fixed absolute tool paths and single-quoted arguments only.
// sudo-prompt (Linux) nests it inside a double-quoted `bash -c "..."` run by the user's /bin/sh, escaping only
// `"`; that outer layer would still expand `$`, backticks and backslashes, so those are refused, not quoted.

/** The system tools the line runs, each at an absolute path resolved before elevation. */
export interface SystemTools {
  readonly rm: string;
  readonly install: string;
  readonly cp: string;
  readonly sha256sum: string;
  readonly echo: string;
  readonly find: string;
  readonly wc: string;
  readonly grep: string;
  readonly setsid: string;
}

const toolNames = ["rm", "install", "cp", "sha256sum", "echo", "find", "wc", "grep", "setsid"] as const;

/** /usr/bin first (merged /usr, Debian 12), then /bin on older layouts; undefined names what is missing. */
export function resolveSystemTools(exists: (file: string) => boolean): SystemTools | string {
  const found: Partial<Record<(typeof toolNames)[number], string>> = {};
  for (const name of toolNames) {
    const file = [`/usr/bin/${name}`, `/bin/${name}`].find(exists);
    if (file === undefined)
      return `${name} is not in /usr/bin or /bin; install coreutils, findutils, grep and util-linux`;
    found[name] = file;
  }
  return found as SystemTools;
}

/**
 * One argument for the line, single-quoted (`'` as `'\''`). Refuses what the outer double-quoted layer would
 * change or what has no business in a path: `$`, backtick, backslash, and control characters (newline, tab).
 */
export function quoteArgument(what: string, value: string): string {
  if (value.length === 0) throw new Error(`${what} is empty`);
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are exactly what is refused
  const unsafe = /[$`\\\u0000-\u001f\u007f]/.exec(value);
  if (unsafe)
    throw new Error(
      `${what} (${JSON.stringify(value)}) holds ${JSON.stringify(unsafe[0])}, which cannot pass safely through the elevation prompt; move Braid (or the folder it stages into) to a path without $, \`, \\ or control characters, or run sudo braid service install by hand`,
    );
  return `'${value.replaceAll("'", "'\\''")}'`;
}

function absolute(what: string, value: string): string {
  if (!value.startsWith("/") || value.split("/").some((part) => part === "." || part === ".."))
    throw new Error(`${what} must be an absolute path without . or .. parts, got ${JSON.stringify(value)}`);
  return quoteArgument(what, value);
}

/** What both lines share: the staged files, their pinned checksum list, and the node that runs them. */
export interface StagedHelper {
  /** The app's private staging folder (0700), holding braid.js, node_modules/ and SHA256SUMS. */
  readonly stageDir: string;
  /** SHA-256 (hex) of the staged SHA256SUMS: the one value that pins every other file. */
  readonly sumsSha256: string;
  /** How many files the staging folder holds, SHA256SUMS included: anything more is refused. */
  readonly fileCount: number;
  /** A root-owned system node (see system-node.ts), used in place. */
  readonly nodePath: string;
}

/** Root-owned copy, checked there: the user can no longer change what root will run once it is checked. */
function copyAndCheck(tools: SystemTools, staged: StagedHelper, intoDir: string): string[] {
  if (!/^[0-9a-f]{64}$/.test(staged.sumsSha256))
    throw new Error(`"${staged.sumsSha256}" is not a SHA-256 in hex`);
  if (!(Number.isInteger(staged.fileCount) && staged.fileCount > 0))
    throw new Error(`the staged file count must be a positive whole number, got ${staged.fileCount}`);
  const into = absolute("the root-owned copy folder", intoDir);
  absolute("the staging folder", staged.stageDir);
  const stageContents = quoteArgument("the staging folder", `${staged.stageDir.replace(/\/+$/, "")}/.`);
  const intoSlash = quoteArgument("the root-owned copy folder", `${intoDir}/`);
  return [
    `${tools.rm} -rf ${into}`,
    `${tools.install} -d -m 0700 ${into}`,
    // -L: symlinks in the staging folder become plain root-owned files, checked below, not links the user steers.
    `${tools.cp} -R -L ${stageContents} ${intoSlash}`,
    `cd ${into}`,
    `${tools.echo} '${staged.sumsSha256}  SHA256SUMS' | ${tools.sha256sum} --check --strict --quiet`,
    `${tools.sha256sum} --check --strict --quiet SHA256SUMS`,
    // Every listed file matched; the count shuts out extra ones (a module planted where require would find it).
    `${tools.find} . -not -type d | ${tools.wc} -l | ${tools.grep} -qx '${staged.fileCount}'`,
  ];
}

/** `braid service install` from the checked copy (it copies on into /opt/braid/VERSION and removes .incoming). */
export function buildInstallLine(
  tools: SystemTools,
  staged: StagedHelper,
  incomingDir = "/opt/braid/.incoming",
): string {
  const node = absolute("the node binary", staged.nodePath);
  const script = absolute("the helper script", `${incomingDir}/braid.js`);
  return [
    `${tools.install} -d -m 0755 ${absolute("the install root", incomingDir.slice(0, incomingDir.lastIndexOf("/")))}`,
    ...copyAndCheck(tools, staged, incomingDir),
    `${node} ${script} service install`,
  ].join(" && ");
}

/**
 * `braid helper` for this login only: nothing installed, the copy in /run (gone at reboot), detached by setsid so
 * the prompt returns, and the user's uid allowed on the socket (--installer-uid).
 */
export function buildLoginOnlyLine(
  tools: SystemTools,
  staged: StagedHelper,
  userUid: number,
  runDir = "/run/braid-login",
): string {
  if (!(Number.isInteger(userUid) && userUid > 0))
    throw new Error(
      `the user's uid must be a whole number above 0 (root needs no login-only helper), got ${userUid}`,
    );
  const node = absolute("the node binary", staged.nodePath);
  const script = absolute("the helper script", `${runDir}/braid.js`);
  const log = absolute("the helper log", `${runDir}/helper.log`);
  return [
    ...copyAndCheck(tools, staged, runDir),
    `${tools.setsid} --fork ${node} ${script} helper --installer-uid '${userUid}' </dev/null >${log} 2>&1`,
  ].join(" && ");
}
