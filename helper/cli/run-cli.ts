// Parses `braid`'s argv and dispatches to a command; everything the process touches comes in through the context.
import type { RandomSource } from "../engine/ports";
import type { CliIo, ExitCode } from "./cli-io";
import { commands, findCommand } from "./commands";
import { closestName, commandHelp, mainHelp } from "./help-text";

export async function runCli(
  argv: readonly string[],
  io: CliIo,
  random: RandomSource,
  version: string,
): Promise<ExitCode> {
  const [first, ...rest] = argv;
  if (first === undefined || first === "-h" || first === "--help" || first === "help") {
    const topic = first === "help" ? rest[0] : undefined;
    const command = topic === undefined ? undefined : findCommand(topic);
    if (topic !== undefined && !command) return unknownCommand(topic, io);
    io.out(command ? commandHelp(command) : mainHelp(version, commands));
    return first === undefined ? 2 : 0;
  }
  if (first === "-V" || first === "--version") {
    io.out(`${version}\n`);
    return 0;
  }
  const command = findCommand(first);
  if (!command) return unknownCommand(first, io);
  if (rest.includes("--help") || rest.includes("-h")) {
    io.out(commandHelp(command));
    return 0;
  }
  return command.run({ io, args: rest, random, version });
}

function unknownCommand(name: string, io: CliIo): ExitCode {
  const hint = closestName(
    name,
    commands.map((c) => c.name),
  );
  io.err(`braid: unknown command "${name}"${hint ? ` (did you mean "${hint}"?)` : ""}; see braid --help\n`);
  return 2;
}
