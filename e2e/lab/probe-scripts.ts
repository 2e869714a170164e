// The UDP probe's two ends, as Node programs run with `node -e` inside a namespace (a process lives in one).
// The sender prints one JSON line: sent, lost, max_gap_ms (longest silence between echoes while sending), RTTs.

export const probePort = 9999;

export const probeEchoScript = `
const s = require("node:dgram").createSocket("udp4");
s.on("message", (m, r) => s.send(m, r.port, r.address));
s.bind(${probePort});
`;

/** argv after the script: host, hz, durationS */
export const probeSendScript = `
const [host, hzText, durText] = process.argv.slice(1);
const hz = Number(hzText), durationMs = Number(durText) * 1000;
const s = require("node:dgram").createSocket("udp4");
const now = () => Number(process.hrtime.bigint()) / 1e6;
const start = now();
const rtts = [];
let sent = 0, lastEchoMs = start, maxGapMs = 0;
s.on("message", (m) => {
  const t = now();
  rtts.push(t - m.readDoubleLE(8));
  if (t - start <= durationMs) { maxGapMs = Math.max(maxGapMs, t - lastEchoMs); lastEchoMs = t; }
});
const b = Buffer.alloc(64);
const timer = setInterval(() => {
  const due = Math.min(Math.floor(((now() - start) * hz) / 1000), Math.floor((durationMs * hz) / 1000));
  while (sent < due) { b.writeUInt32LE(sent, 0); b.writeDoubleLE(now(), 8); s.send(b, ${probePort}, host); sent++; }
  if (now() - start >= durationMs) {
    clearInterval(timer);
    maxGapMs = Math.max(maxGapMs, start + durationMs - lastEchoMs);
    setTimeout(() => {
      rtts.sort((a, b) => a - b);
      const q = (p) => rtts.length ? Number(rtts[Math.min(rtts.length - 1, Math.floor(p * rtts.length))].toFixed(2)) : null;
      process.stdout.write(JSON.stringify({ sent, lost: sent - rtts.length, max_gap_ms: Number(maxGapMs.toFixed(1)), rtt_ms: { p50: q(0.5), p99: q(0.99) } }) + "\\n");
      process.exit(0);
    }, 1000);
  }
}, 1);
`;
