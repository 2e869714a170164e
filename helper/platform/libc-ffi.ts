// The few libc calls Node lacks (open/ioctl/read/write/poll on a raw fd, setsockopt), bound once through koffi.
import koffi from "koffi";

const libc = koffi.load("libc.so.6");

export const O_RDWR = 0o2;
export const O_NONBLOCK = 0o4000;
export const O_CLOEXEC = 0o2000000;
export const EAGAIN = 11;
export const EINTR = 4;
export const POLLIN = 0x1;

export const libcOpen = libc.func("int open(const char *path, int flags)") as (
  path: string,
  flags: number,
) => number;
export const libcClose = libc.func("int close(int fd)") as (fd: number) => number;
/** ioctl with a pointer argument (variadic in C, so declared with "..."; each call names the extra argument's type). */
const ioctlVariadic = libc.func("int ioctl(int fd, unsigned long request, ...)");
export function libcIoctlPointer(fd: number, request: number, argument: Buffer): number {
  return ioctlVariadic(fd, request, "void *", argument) as number;
}
export const libcRead = libc.func("long read(int fd, _Out_ uint8_t *buf, size_t count)") as (
  fd: number,
  buf: Buffer,
  count: number,
) => number;
export const libcWrite = libc.func("long write(int fd, const uint8_t *buf, size_t count)") as (
  fd: number,
  buf: Uint8Array,
  count: number,
) => number;
export const libcPoll = libc.func("int poll(uint8_t *fds, unsigned long nfds, int timeout)") as {
  async(fds: Buffer, nfds: number, timeoutMs: number, done: (error: unknown, result: number) => void): void;
};
export const libcStrerror = libc.func("const char *strerror(int errnum)") as (errno: number) => string;

export function lastErrno(): number {
  return koffi.errno();
}

/** "open /dev/net/tun: Operation not permitted (errno 1)" */
export function errnoMessage(what: string, errno: number = lastErrno()): string {
  return `${what}: ${libcStrerror(errno)} (errno ${errno})`;
}
