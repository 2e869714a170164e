// Who is on the other end of an accepted Unix socket (SO_PEERCRED through koffi), and whether they may steer the helper.
import { readFileSync } from "node:fs";
import type { Socket } from "node:net";
import koffi from "koffi";
import type { Authorize } from "./control-server";

const SOL_SOCKET = 1;
const SO_PEERCRED = 17;
const UCRED_BYTES = 12; // struct ucred { pid_t pid; uid_t uid; gid_t gid; }

const libc = koffi.load("libc.so.6");
const getsockopt = libc.func(
  "int getsockopt(int fd, int level, int optname, _Out_ uint8_t *optval, _Inout_ uint32_t *optlen)",
) as (fd: number, level: number, optname: number, optval: Buffer, optlen: number[]) => number;

export interface PeerCred {
  readonly pid: number;
  readonly uid: number;
  readonly gid: number;
}

/** The kernel's record of the connecting process; undefined when the fd cannot be read (then refuse). */
export function peerCred(socket: Socket): PeerCred | undefined {
  const fd = (socket as unknown as { _handle?: { fd?: number } })._handle?.fd;
  if (typeof fd !== "number" || fd < 0) return undefined;
  const out = Buffer.alloc(UCRED_BYTES);
  const length = [UCRED_BYTES];
  if (getsockopt(fd, SOL_SOCKET, SO_PEERCRED, out, length) !== 0 || length[0] !== UCRED_BYTES)
    return undefined;
  return { pid: out.readInt32LE(0), uid: out.readUInt32LE(4), gid: out.readUInt32LE(8) };
}

/** uids in a group: its listed members (from /etc/group) and users whose primary group it is (from /etc/passwd). */
export function groupMemberUids(groupName: string, groupText: string, passwdText: string): Set<number> {
  const uids = new Set<number>();
  const groupLine = groupText.split("\n").find((line) => line.split(":")[0] === groupName);
  if (!groupLine) return uids;
  const [, , gidText, membersText = ""] = groupLine.split(":");
  const members = new Set(membersText.split(",").filter((m) => m !== ""));
  for (const line of passwdText.split("\n")) {
    const [name = "", , uidText, primaryGidText] = line.split(":");
    if (members.has(name) || (primaryGidText !== undefined && primaryGidText === gidText)) {
      const uid = Number(uidText);
      if (Number.isInteger(uid)) uids.add(uid);
    }
  }
  return uids;
}

export interface PeerPolicyOptions {
  readonly groupName?: string;
  readonly installerUid?: number;
  readonly readFile?: (path: string) => string;
}

/** root, members of `braid` (read at each connection so adding a user needs no restart) and the installing user. */
export function peerCredAuthorize(options: PeerPolicyOptions = {}): Authorize {
  const groupName = options.groupName ?? "braid";
  const read = options.readFile ?? ((path: string) => readFileSync(path, "utf8"));
  return (socket) => {
    const cred = peerCred(socket);
    if (!cred)
      return { allowed: false, reason: "could not read the peer's credentials (SO_PEERCRED); refused" };
    if (cred.uid === 0 || cred.uid === options.installerUid) return { allowed: true, uid: cred.uid };
    if (groupMemberUids(groupName, read("/etc/group"), read("/etc/passwd")).has(cred.uid)) {
      return { allowed: true, uid: cred.uid };
    }
    return {
      allowed: false,
      reason: `uid ${cred.uid} may not control Braid; add the user to the "${groupName}" group (usermod -aG ${groupName} USER) and log in again`,
    };
  };
}
