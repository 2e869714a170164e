// The small TUN-like device the runtime drives (shaped like wireguard-go's tun.Device): batched reads, writes, MTU.

/** Receives the packets of one read batch; each packet's bytes are valid only during the call (buffers are reused). */
export interface TunPacketSink {
  packet(packet: Uint8Array): void;
  /** The batch is over (the device would block): a good moment to flush batched sends. */
  batchEnd(): void;
}

export interface TunDevice {
  /** The kernel's interface name (may differ from the requested one when a pattern like "braid%d" was given). */
  readonly name: string;
  /** The largest IP packet the device carries, in bytes. */
  readonly mtuBytes: number;
  /** Starts delivering packets to the sink until close(); call once. */
  start(sink: TunPacketSink): void;
  /** Writes one IP packet; returns false when the kernel queue is full (the packet is dropped, as on a wire). */
  write(packet: Uint8Array): boolean;
  /** Stops reading and closes the device; the kernel removes a non-persistent interface. */
  close(): void;
  readonly counters: TunCounters;
}

export interface TunCounters {
  packetsRead: number;
  packetsWritten: number;
  writeDrops: number;
  /** Readiness waits (one per batch): packetsRead / wakeups is the mean batch size. */
  wakeups: number;
}
