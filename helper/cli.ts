// The `braid` executable: wires the real process (argv, stdio, CSPRNG) to the command line.
import packageJson from "../package.json";
import { runCli } from "./cli/run-cli";
import { nodeRandom } from "./platform/node-random";

async function readStdin(): Promise<string> {
  if (process.stdin.isTTY) {
    process.stderr.write("braid: reading the key from standard input (paste it, then Ctrl-D)\n");
  }
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin as AsyncIterable<Buffer>) chunks.push(chunk);
  return Buffer.concat(chunks).toString("utf8");
}

const io = {
  out: (text: string) => void process.stdout.write(text),
  err: (text: string) => void process.stderr.write(text),
  readStdin,
};

runCli(process.argv.slice(2), io, nodeRandom, packageJson.version).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(
      `braid: internal error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
    );
    process.exitCode = 1;
  },
);
