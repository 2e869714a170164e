// Binds MainHandlers to channels, refusing untrusted senders and validating every argument before a handler runs.
import { channelName, type MainHandlers, type MainNotifier, schemaEntries } from "./ipc-schema";

/** The part of a sender Braid checks; Electron's WebFrameMain satisfies it. */
export interface SenderFrame {
  readonly url: string;
  readonly parent: unknown;
}

/** The part of Electron's ipcMain Braid uses; the dev bridge provides the same over HTTP. */
export interface IpcMainLike {
  handle(
    channel: string,
    listener: (event: { senderFrame: SenderFrame | null }, arg: unknown) => unknown,
  ): void;
  removeHandler(channel: string): void;
}

export class UntrustedSenderError extends Error {
  constructor(channel: string, url: string | undefined) {
    super(`refused ${channel}: sender ${url ?? "(no frame)"} is not Braid's own window`);
    this.name = "UntrustedSenderError";
  }
}

/** Registers one ipcMain handler per invoke entry; returns a function that removes them all. */
export function registerMainHandlers(
  ipcMain: IpcMainLike,
  handlers: MainHandlers,
  isTrustedSender: (frame: SenderFrame | null) => boolean,
): () => void {
  const channels: string[] = [];
  for (const { group, key, spec } of schemaEntries()) {
    if (spec.kind !== "invoke") continue;
    const channel = channelName(group, key);
    const groupHandlers = (handlers as unknown as Record<string, Record<string, (arg: unknown) => unknown>>)[
      group
    ];
    const handler = groupHandlers?.[key];
    if (!handler) throw new Error(`no main handler for ${group}.${key}`);
    ipcMain.handle(channel, async (event, raw) => {
      if (!isTrustedSender(event.senderFrame))
        throw new UntrustedSenderError(channel, event.senderFrame?.url);
      return handler(spec.parseArg(raw));
    });
    channels.push(channel);
  }
  return () => {
    for (const channel of channels) ipcMain.removeHandler(channel);
  };
}

/** Builds the notifier main uses to push events; `send` goes to the app's window(s). */
export function createMainNotifier(send: (channel: string, payload: unknown) => void): MainNotifier {
  const notifier: Record<string, Record<string, (payload: unknown) => void>> = {};
  for (const { group, key, spec } of schemaEntries()) {
    if (spec.kind !== "notify") continue;
    const channel = channelName(group, key);
    const target = notifier[group] ?? {};
    notifier[group] = target;
    target[key] = (payload) => send(channel, payload);
  }
  return notifier as unknown as MainNotifier;
}
