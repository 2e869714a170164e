// LinuxTun through the real kernel (root only): a UDP send routed into the TUN is read; a packet written is delivered.
import { execFileSync } from "node:child_process";
import dgram from "node:dgram";
import { afterEach, describe, expect, it } from "vitest";
import { LinuxTun } from "./tun-linux";

const skipReason =
  process.platform !== "linux" ? "needs Linux" : process.getuid?.() !== 0 ? "needs root (TUN)" : undefined;

function udpPacket(src: number[], dst: number[], srcPort: number, dstPort: number, payload: Buffer): Buffer {
  const packet = Buffer.alloc(28 + payload.length);
  packet[0] = 0x45;
  packet.writeUInt16BE(packet.length, 2);
  packet[8] = 64;
  packet[9] = 17;
  packet.set(src, 12);
  packet.set(dst, 16);
  let sum = 0;
  for (let i = 0; i < 20; i += 2) sum += packet.readUInt16BE(i);
  while (sum > 0xffff) sum = (sum & 0xffff) + (sum >>> 16);
  packet.writeUInt16BE(~sum & 0xffff, 10);
  packet.writeUInt16BE(srcPort, 20);
  packet.writeUInt16BE(dstPort, 22);
  packet.writeUInt16BE(8 + payload.length, 24); // checksum 0: none, allowed in IPv4
  payload.copy(packet, 28);
  return packet;
}

describe.skipIf(skipReason !== undefined)(
  `LinuxTun with the kernel${skipReason ? ` (skipped: ${skipReason})` : ""}`,
  () => {
    let tun: LinuxTun | undefined;
    let socket: dgram.Socket | undefined;
    afterEach(() => {
      tun?.close();
      socket?.close();
    });

    it("reads what the kernel routes into it and delivers what is written to it", async () => {
      tun = LinuxTun.open("btest%d", 1420);
      expect(tun.name).toMatch(/^btest\d+$/);
      execFileSync("ip", ["addr", "add", "10.199.77.1/24", "dev", tun.name]);
      execFileSync("ip", ["link", "set", tun.name, "mtu", "1420", "up"]);
      const open = tun;
      const read = new Promise<Buffer>((resolve) => {
        open.start({
          packet: (packet) => {
            if (
              packet[9] === 17 &&
              packet.length >= 28 &&
              (((packet[22] ?? 0) << 8) | (packet[23] ?? 0)) === 9999
            )
              resolve(Buffer.from(packet));
          },
          batchEnd: () => {},
        });
      });
      const received = new Promise<Buffer>((resolve) => {
        socket = dgram.createSocket("udp4");
        socket.on("message", (message) => resolve(message));
        socket.bind(40123, "10.199.77.1", () => {
          socket?.send("to the tun", 9999, "10.199.77.2");
        });
      });
      const packet = await read;
      expect(packet.subarray(28).toString()).toBe("to the tun");
      expect([...packet.subarray(16, 20)]).toEqual([10, 199, 77, 2]);

      expect(
        open.write(udpPacket([10, 199, 77, 2], [10, 199, 77, 1], 9999, 40123, Buffer.from("from the tun"))),
      ).toBe(true);
      expect((await received).toString()).toBe("from the tun");
    });
  },
);
