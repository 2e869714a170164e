// Two EngineRunners over real loopback UDP sockets, each with a fake in-memory TUN (a real TUN needs root).
import dgram from "node:dgram";
import { afterEach, describe, expect, it } from "vitest";
import { generatePrivateKey, publicKey } from "../engine/crypto/x25519";
import { createDistributorScheduler } from "../engine/session/distributor-scheduler";
import { nodeRandom } from "../platform/node-random";
import type { TunDevice, TunPacketSink } from "../platform/tun-device";
import { EngineRunner } from "./engine-runner";

class FakeTun implements TunDevice {
  readonly name = "fake0";
  readonly mtuBytes = 1420;
  readonly counters = { packetsRead: 0, packetsWritten: 0, writeDrops: 0, wakeups: 0 };
  readonly written: Uint8Array[] = [];
  closed = false;
  private sink: TunPacketSink | undefined;
  start(sink: TunPacketSink): void {
    this.sink = sink;
  }
  /** A packet "read from the kernel", as one batch. */
  inject(packet: Uint8Array): void {
    this.sink?.packet(packet);
    this.sink?.batchEnd();
  }
  write(packet: Uint8Array): boolean {
    this.written.push(Uint8Array.from(packet));
    return true;
  }
  close(): void {
    this.closed = true;
  }
}

/** An IPv4/UDP packet from 10.9.0.2 to 10.9.0.1 carrying `payload`. */
function udpPacket(payload: string): Uint8Array {
  const body = Buffer.from(payload);
  const packet = Buffer.alloc(28 + body.length);
  packet[0] = 0x45;
  packet.writeUInt16BE(packet.length, 2);
  packet[8] = 64;
  packet[9] = 17;
  packet.set([10, 9, 0, 2], 12);
  packet.set([10, 9, 0, 1], 16);
  packet.writeUInt16BE(40000, 20);
  packet.writeUInt16BE(5001, 22);
  packet.writeUInt16BE(8 + body.length, 24);
  body.copy(packet, 28);
  return packet;
}

async function boundSocket(): Promise<dgram.Socket> {
  const socket = dgram.createSocket("udp4");
  await new Promise<void>((resolve) => socket.bind(0, "127.0.0.1", resolve));
  return socket;
}

const runners: EngineRunner[] = [];
afterEach(() => {
  for (const runner of runners.splice(0)) runner.close();
});

describe("EngineRunner (loopback UDP, fake TUN)", () => {
  it("carries a packet from the client's TUN to the server's TUN after the handshake", async () => {
    const serverKey = generatePrivateKey(nodeRandom);
    const clientKey = generatePrivateKey(nodeRandom);
    const serverSocket = await boundSocket();
    const clientSocket = await boundSocket();
    const serverTun = new FakeTun();
    const clientTun = new FakeTun();
    const events: string[] = [];
    const engine = (role: "client" | "server", privateKey: Uint8Array) => ({
      role,
      privateKey,
      random: nodeRandom,
      createScheduler: createDistributorScheduler,
    });
    const server = new EngineRunner({
      engine: engine("server", serverKey),
      tun: serverTun,
      sockets: new Map([[0, serverSocket]]),
      onEvent: () => undefined,
    });
    const client = new EngineRunner({
      engine: engine("client", clientKey),
      tun: clientTun,
      sockets: new Map([[0, clientSocket]]),
      onEvent: (event) => events.push(event.kind),
    });
    runners.push(server, client);
    server.engine.addPeer({ publicKey: publicKey(clientKey), allowedIps: ["10.9.0.2/32"] });
    const peerKey = client.engine.addPeer({ publicKey: publicKey(serverKey), allowedIps: ["10.9.0.0/24"] });
    client.engine.addUplink(peerKey, {
      name: "lo",
      socketId: 0,
      remote: { address: "127.0.0.1", port: serverSocket.address().port },
    });
    server.start();
    client.start();

    // Re-send until one arrives: packets sent before the path is up may be dropped, as on a real network.
    const deadlineMs = Date.now() + 5000;
    while (serverTun.written.length === 0 && Date.now() < deadlineMs) {
      clientTun.inject(udpPacket("hello braid"));
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect(events).toContain("handshake");
    expect(
      Buffer.from(serverTun.written[0] ?? [])
        .subarray(28)
        .toString(),
    ).toBe("hello braid");

    client.close();
    expect(clientTun.closed).toBe(true);
  }, 10_000);

  it("moves traffic to a socket added after start when the first one is removed", async () => {
    const serverKey = generatePrivateKey(nodeRandom);
    const clientKey = generatePrivateKey(nodeRandom);
    const serverSocket = await boundSocket();
    const serverTun = new FakeTun();
    const clientTun = new FakeTun();
    const engine = (role: "client" | "server", privateKey: Uint8Array) => ({
      role,
      privateKey,
      random: nodeRandom,
      createScheduler: createDistributorScheduler,
    });
    const server = new EngineRunner({
      engine: engine("server", serverKey),
      tun: serverTun,
      sockets: new Map([[0, serverSocket]]),
      onEvent: () => undefined,
    });
    const client = new EngineRunner({
      engine: engine("client", clientKey),
      tun: clientTun,
      sockets: new Map(),
      onEvent: () => undefined,
    });
    runners.push(server, client);
    server.engine.addPeer({ publicKey: publicKey(clientKey), allowedIps: ["10.9.0.2/32"] });
    const peerKey = client.engine.addPeer({ publicKey: publicKey(serverKey), allowedIps: ["10.9.0.0/24"] });
    const remote = { address: "127.0.0.1", port: serverSocket.address().port };
    server.start();
    client.start();
    const first = await boundSocket();
    client.addSocket(1, first);
    const firstPath = client.engine.addUplink(peerKey, { name: "first", socketId: 1, remote });
    const sendUntilDelivered = async (payload: string) => {
      const deadlineMs = Date.now() + 5000;
      while (!serverTun.written.some((p) => Buffer.from(p).subarray(28).toString() === payload)) {
        if (Date.now() > deadlineMs) throw new Error(`"${payload}" never reached the server`);
        clientTun.inject(udpPacket(payload));
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    };
    await sendUntilDelivered("over the first");

    const second = dgram.createSocket("udp4");
    await new Promise<void>((resolve) => second.bind(0, "127.0.0.2", resolve));
    client.addSocket(2, second);
    client.engine.addUplink(peerKey, { name: "second", socketId: 2, remote });
    client.engine.removeUplink(peerKey, firstPath);
    client.removeSocket(1);
    expect(() => first.address()).toThrow(); // closed
    expect(() => client.addSocket(2, second)).toThrow(/already in use/);
    await sendUntilDelivered("over the second");
    expect(client.engine.snapshot()[0]?.paths.map((path) => path.name)).toEqual(["second"]);
  }, 15_000);
});
