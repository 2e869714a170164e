import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { FlowClassifier, garbageFlowId } from "./flow-key";
import { describeFlow } from "./flow-tuple";
import { ipv4Packet, ipv6Packet } from "./ip-packet-fixtures";

const tcp = 6;
const udp = 17;
const laptop = [192, 168, 1, 10];
const server = [93, 184, 216, 34];

function classify(packet: Uint8Array): { flowId: number; latencyClass: string } {
  const { flowId, latencyClass } = new FlowClassifier().classify(packet);
  return { flowId, latencyClass };
}

describe("flow key and latency class", () => {
  it("parses an IPv4 TCP packet to its 5-tuple and classifies a full-size segment as bulk", () => {
    const packet = ipv4Packet({
      src: laptop,
      dst: server,
      protocol: tcp,
      totalBytes: 1400,
      ports: { src: 51514, dst: 443 },
    });
    expect(describeFlow(packet)).toEqual({
      ipVersion: 4,
      protocol: tcp,
      srcAddress: "192.168.1.10",
      dstAddress: "93.184.216.34",
      ports: { src: 51514, dst: 443 },
      fragmentId: undefined,
    });
    expect(classify(packet).latencyClass).toBe("bulk");
  });

  it("skips IPv6 extension headers to find a UDP 5-tuple", () => {
    const packet = ipv6Packet({
      src: "2001:db8::10",
      dst: "2001:4860:4860::8888",
      extensionHeaders: [0, 60],
      protocol: udp,
      totalBytes: 1200,
      ports: { src: 40000, dst: 443 },
    });
    expect(describeFlow(packet)).toEqual({
      ipVersion: 6,
      protocol: udp,
      srcAddress: "2001:db8::10",
      dstAddress: "2001:4860:4860::8888",
      ports: { src: 40000, dst: 443 },
      fragmentId: undefined,
    });
  });

  it("keeps one flow id per 5-tuple whatever the payload, and separates different tuples", () => {
    const spec = { src: laptop, dst: server, protocol: tcp, ports: { src: 51514, dst: 443 } };
    const a = classify(ipv4Packet({ ...spec, totalBytes: 1400 })).flowId;
    const b = classify(ipv4Packet({ ...spec, totalBytes: 60 })).flowId;
    const otherPort = classify(
      ipv4Packet({ ...spec, totalBytes: 1400, ports: { src: 51515, dst: 443 } }),
    ).flowId;
    expect(a).toBe(b);
    expect(otherPort).not.toBe(a);
    expect(a).toBeLessThan(2 ** 24);
  });

  it("classifies DNS over UDP and TCP (port 53 either way) as latency-sensitive, whatever the size", () => {
    const query = ipv4Packet({
      src: laptop,
      dst: [1, 1, 1, 1],
      protocol: udp,
      totalBytes: 300,
      ports: { src: 5353, dst: 53 },
    });
    const answer = ipv6Packet({
      src: "2606:4700::1111",
      dst: "2001:db8::10",
      protocol: tcp,
      totalBytes: 900,
      ports: { src: 53, dst: 40001 },
    });
    expect(classify(query).latencyClass).toBe("dns");
    expect(classify(answer).latencyClass).toBe("dns");
    expect(new FlowClassifier().classify(query).latencySensitive).toBe(true);
  });

  it("classifies ICMP, ICMPv6 and small packets (≤ 128 bytes) as latency-sensitive", () => {
    const ping = ipv4Packet({ src: laptop, dst: server, protocol: 1, totalBytes: 1000 });
    const ping6 = ipv6Packet({ src: "2001:db8::1", dst: "2001:db8::2", protocol: 58, totalBytes: 1000 });
    const pureAck = ipv4Packet({
      src: laptop,
      dst: server,
      protocol: tcp,
      totalBytes: 52,
      ports: { src: 1, dst: 2 },
    });
    const justOver = ipv4Packet({
      src: laptop,
      dst: server,
      protocol: tcp,
      totalBytes: 129,
      ports: { src: 1, dst: 2 },
    });
    expect(classify(ping).latencyClass).toBe("icmp");
    expect(classify(ping6).latencyClass).toBe("icmp");
    expect(classify(pureAck).latencyClass).toBe("small");
    expect(classify(justOver).latencyClass).toBe("bulk");
  });

  it("keeps all fragments of one IPv4 datagram in one flow", () => {
    const base = { src: laptop, dst: server, protocol: udp, totalBytes: 1400, ident: 0x4242 };
    const first = ipv4Packet({ ...base, moreFragments: true, ports: { src: 5000, dst: 6000 } });
    const last = ipv4Packet({ ...base, fragmentOffsetUnits: 172 });
    const otherDatagram = ipv4Packet({ ...base, ident: 0x4243, fragmentOffsetUnits: 172 });
    expect(classify(first).flowId).toBe(classify(last).flowId);
    expect(classify(otherDatagram).flowId).not.toBe(classify(last).flowId);
    expect(describeFlow(last)?.fragmentId).toBe(0x4242);
  });

  it("keeps all fragments of one IPv6 datagram in one flow", () => {
    const base = {
      src: "2001:db8::1",
      dst: "2001:db8::2",
      extensionHeaders: [44],
      protocol: udp,
      totalBytes: 1280,
    };
    const first = ipv6Packet({
      ...base,
      fragment: { id: 7, offsetUnits: 0, more: true },
      ports: { src: 1, dst: 2 },
    });
    const later = ipv6Packet({ ...base, fragment: { id: 7, offsetUnits: 154, more: false } });
    expect(classify(first).flowId).toBe(classify(later).flowId);
    expect(describeFlow(later)).toMatchObject({ protocol: udp, ports: undefined, fragmentId: 7 });
  });

  it("gives truncated or garbage packets the default flow, never a throw", () => {
    expect(classify(Uint8Array.of(0x45, 0, 0))).toEqual({ flowId: garbageFlowId, latencyClass: "bulk" });
    expect(classify(new Uint8Array(0))).toEqual({ flowId: garbageFlowId, latencyClass: "bulk" });
    const classifier = new FlowClassifier();
    fc.assert(
      fc.property(
        fc.uint8Array({ maxLength: 200 }),
        fc.constantFrom(0x45, 0x4f, 0x60, 0x00),
        (bytes, first) => {
          const packet = bytes.length > 0 ? Uint8Array.of(first, ...bytes.subarray(1)) : bytes;
          const result = classifier.classify(packet);
          expect(result.flowId).toBeGreaterThanOrEqual(0);
          expect(result.flowId).toBeLessThan(2 ** 24);
          describeFlow(packet);
        },
      ),
      { numRuns: 3000 },
    );
  });

  it("stops at a bounded number of IPv6 extension headers and falls back to addresses and protocol", () => {
    const packet = ipv6Packet({
      src: "2001:db8::1",
      dst: "2001:db8::2",
      extensionHeaders: [60, 60, 60, 60, 60, 60, 60, 60, 60, 60],
      protocol: udp,
      totalBytes: 200,
      ports: { src: 1, dst: 53 },
    });
    expect(describeFlow(packet)).toMatchObject({ protocol: 60, ports: undefined });
    expect(classify(packet).latencyClass).toBe("bulk");
  });
});
