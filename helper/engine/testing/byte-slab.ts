// Hands out zeroed byte ranges carved from large buffers: a view is far cheaper than one ArrayBuffer per packet.

const defaultChunkBytes = 1 << 20;

/**
 * Views share their chunk's ArrayBuffer (byteOffset is usually not 0), as Node's pooled Buffers do; a chunk is
 * freed once every view into it is. Ranges are never reused, so each one starts zeroed and is private to its holder.
 */
export class ByteSlab {
  private chunk = new Uint8Array(0);
  private usedBytes = 0;

  constructor(private readonly chunkBytes: number = defaultChunkBytes) {}

  allocate(lengthBytes: number): Uint8Array {
    if (lengthBytes * 8 > this.chunkBytes) return new Uint8Array(lengthBytes);
    if (this.usedBytes + lengthBytes > this.chunk.length) {
      this.chunk = new Uint8Array(this.chunkBytes);
      this.usedBytes = 0;
    }
    const view = this.chunk.subarray(this.usedBytes, this.usedBytes + lengthBytes);
    this.usedBytes += (lengthBytes + 7) & ~7; // keep views 8-byte aligned for typed-array readers
    return view;
  }

  /** A private copy of bytes. */
  copy(bytes: Uint8Array): Uint8Array {
    const copy = this.allocate(bytes.length);
    copy.set(bytes);
    return copy;
  }
}
