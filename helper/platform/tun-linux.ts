// Linux TUN device via /dev/net/tun: ioctl(TUNSETIFF) with IFF_TUN|IFF_NO_PI, a non-blocking fd drained with
// synchronous read() calls after an asynchronous poll() (libuv thread pool), synchronous writes.
import {
  EAGAIN,
  EINTR,
  errnoMessage,
  lastErrno,
  libcClose,
  libcIoctlPointer,
  libcOpen,
  libcPoll,
  libcRead,
  libcWrite,
  O_CLOEXEC,
  O_NONBLOCK,
  O_RDWR,
  POLLIN,
} from "./libc-ffi";
import type { TunCounters, TunDevice, TunPacketSink } from "./tun-device";

const TUNSETIFF = 0x400454ca;
const IFF_TUN = 0x0001;
const IFF_NO_PI = 0x1000;
const IFNAMSIZ = 16;
const IFREQ_BYTES = 40;
/** A poll() wait ends at least this often so close() is noticed without a wake-up fd. */
const POLL_SLICE_MS = 250;
/** Packets per batch before yielding to the event loop (sockets and timers must not starve). */
const MAX_BATCH_PACKETS = 256;

export class TunOpenError extends Error {
  override readonly name = "TunOpenError";
  constructor(
    message: string,
    /** The kernel's errno, when the kernel refused. */
    readonly errno?: number,
  ) {
    super(message);
  }
}

const EBUSY = 16;

export class LinuxTun implements TunDevice {
  readonly counters: TunCounters = { packetsRead: 0, packetsWritten: 0, writeDrops: 0, wakeups: 0 };
  private closed = false;
  private started = false;
  /** Set while a poll() is parked on a pool thread: it holds the device until it returns. */
  private pollDone: Promise<void> | undefined;
  private readonly readBuffer: Buffer;
  private readonly pollFds = Buffer.alloc(8);

  private constructor(
    private readonly fd: number,
    readonly name: string,
    readonly mtuBytes: number,
  ) {
    // Room for the largest packet the kernel may hand us (GSO is off: one packet ≤ MTU per read).
    this.readBuffer = Buffer.alloc(Math.max(mtuBytes, 1500) + 64);
    this.pollFds.writeInt32LE(fd, 0);
    this.pollFds.writeInt16LE(POLLIN, 4);
  }

  /** Creates (or attaches to) the TUN interface; needs CAP_NET_ADMIN. Set the MTU on the link separately. */
  static open(requestedName: string, mtuBytes: number): LinuxTun {
    if (Buffer.byteLength(requestedName) >= IFNAMSIZ)
      throw new TunOpenError(`TUN name "${requestedName}" is longer than ${IFNAMSIZ - 1} bytes`);
    const fd = libcOpen("/dev/net/tun", O_RDWR | O_NONBLOCK | O_CLOEXEC);
    if (fd < 0)
      throw new TunOpenError(
        `${errnoMessage("open /dev/net/tun")}; run as root (CAP_NET_ADMIN) with the tun module`,
      );
    const ifreq = Buffer.alloc(IFREQ_BYTES);
    ifreq.write(requestedName, 0, "utf8");
    ifreq.writeUInt16LE(IFF_TUN | IFF_NO_PI, IFNAMSIZ);
    if (libcIoctlPointer(fd, TUNSETIFF, ifreq) < 0) {
      const errno = lastErrno();
      const message = errnoMessage(`ioctl(TUNSETIFF, "${requestedName}")`, errno);
      libcClose(fd);
      throw new TunOpenError(`${message}; is the name taken by a non-TUN interface?`, errno);
    }
    const end = ifreq.indexOf(0);
    const name = ifreq.toString("utf8", 0, end < 0 || end > IFNAMSIZ ? IFNAMSIZ : end);
    return new LinuxTun(fd, name, mtuBytes);
  }

  start(sink: TunPacketSink): void {
    if (this.started) throw new Error("LinuxTun.start called twice");
    this.started = true;
    this.waitReadable(sink);
  }

  private waitReadable(sink: TunPacketSink): void {
    if (this.closed) return;
    let done = () => {};
    this.pollDone = new Promise((resolve) => {
      done = resolve;
    });
    libcPoll.async(this.pollFds, 1, POLL_SLICE_MS, (error, ready) => {
      done();
      if (this.closed) return;
      if (error !== null && error !== undefined) throw error;
      if (ready > 0) this.drain(sink);
      this.waitReadable(sink);
    });
  }

  /** Reads until the kernel queue is empty (EAGAIN) or the batch is full. */
  private drain(sink: TunPacketSink): void {
    this.counters.wakeups++;
    const buffer = this.readBuffer;
    for (let i = 0; i < MAX_BATCH_PACKETS && !this.closed; i++) {
      const sizeBytes = libcRead(this.fd, buffer, buffer.length);
      if (sizeBytes < 0) {
        const errno = lastErrno();
        if (errno === EAGAIN || errno === EINTR) break;
        throw new Error(errnoMessage(`read from TUN ${this.name}`, errno));
      }
      if (sizeBytes === 0) break;
      this.counters.packetsRead++;
      sink.packet(buffer.subarray(0, sizeBytes));
    }
    sink.batchEnd();
  }

  write(packet: Uint8Array): boolean {
    if (this.closed) return false;
    const written = libcWrite(this.fd, packet, packet.length);
    if (written < 0) {
      this.counters.writeDrops++;
      return false;
    }
    this.counters.packetsWritten++;
    return true;
  }

  /**
   * open(), waiting out a device of that name that is still going away: a closed TUN lingers until the poll()
   * parked on it returns (up to one poll slice), so a reconnect right after close would see EBUSY.
   */
  static async openWhenFree(requestedName: string, mtuBytes: number): Promise<LinuxTun> {
    for (let waitedMs = 0; ; waitedMs += 25) {
      try {
        return LinuxTun.open(requestedName, mtuBytes);
      } catch (error) {
        if (!(error instanceof TunOpenError) || error.errno !== EBUSY || waitedMs >= 2 * POLL_SLICE_MS + 100)
          throw error;
      }
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    libcClose(this.fd);
  }

  /** After close(): resolves once the kernel has let the device go (the parked poll() has returned). */
  released(): Promise<void> {
    return this.pollDone ?? Promise.resolve();
  }
}
