// The schema-derived window.braid talks to registerMainHandlers over a fake ipc, as the preload does over Electron's.
import { describe, expect, it } from "vitest";
import { simulatedProfileText } from "../tunnel/simulated-profiles";
import { createSimulatedTunnel } from "../tunnel/simulated-tunnel";
import { createAppHandlers } from "./app-handlers";
import { channelName, schemaEntries } from "./ipc-schema";
import { memoryLoginItem } from "./login-item";
import {
  createMainNotifier,
  type IpcMainLike,
  registerMainHandlers,
  type SenderFrame,
} from "./main-handlers";
import { createBraidApi } from "./renderer-api";
import { createSenderCheck } from "./sender-check";
import { memoryThemeStore } from "./theme-store";
import { forwardTunnelNotifications } from "./tunnel-notifications";

const appUrl = "file:///opt/Braid/resources/app/dist/app/index.html";

function fakeElectron(frame: SenderFrame | null) {
  const handlers = new Map<string, (event: { senderFrame: SenderFrame | null }, arg: unknown) => unknown>();
  const listeners = new Map<string, Set<(payload: unknown) => void>>();
  const ipcMain: IpcMainLike = {
    handle: (channel, listener) => handlers.set(channel, listener),
    removeHandler: (channel) => handlers.delete(channel),
  };
  const api = createBraidApi({
    invoke: async (channel, arg) => {
      const handler = handlers.get(channel);
      if (!handler) throw new Error(`No handler registered for '${channel}'`);
      return handler({ senderFrame: frame }, arg);
    },
    subscribe: (channel, listener) => {
      const set = listeners.get(channel) ?? new Set();
      listeners.set(channel, set);
      set.add(listener);
      return () => set.delete(listener);
    },
  });
  const send = (channel: string, payload: unknown) => {
    for (const listener of listeners.get(channel) ?? []) listener(payload);
  };
  return { ipcMain, api, handlers, send };
}

function setup(frame: SenderFrame | null) {
  const electron = fakeElectron(frame);
  // Timers run only when the test says so: fireTimer() runs the ones due now, oldest first.
  let timers: Array<() => void> = [];
  const tunnel = createSimulatedTunnel({
    profileName: "home",
    connectDelayMs: 500,
    pathCount: 2,
    nowMs: () => 1_000,
    schedule: (fn) => {
      timers.push(fn);
      return { cancel: () => (timers = timers.filter((t) => t !== fn)) };
    },
  });
  const notifier = createMainNotifier(electron.send);
  forwardTunnelNotifications(tunnel, notifier);
  const unregister = registerMainHandlers(
    electron.ipcMain,
    createAppHandlers({
      tunnel,
      appInfo: { version: "1.2.3", platform: "linux" },
      loginItem: memoryLoginItem(),
      theme: memoryThemeStore(),
    }),
    createSenderCheck(appUrl),
  );
  const fireTimer = () => {
    const due = timers;
    timers = [];
    for (const fn of due) fn();
  };
  return { ...electron, unregister, fireTimer };
}

describe("IPC schema round trip", () => {
  it("connects from the renderer and pushes every state change back", async () => {
    const { api, fireTimer } = setup({ url: appUrl, parent: null });
    const seen: string[] = [];
    api.tunnel.onStateChanged((state) => seen.push(state.state));
    expect((await api.tunnel.getState()).state).toBe("disconnected");
    expect((await api.tunnel.connect()).state).toBe("connecting");
    fireTimer();
    expect(await api.tunnel.getState()).toEqual({
      state: "connected",
      profileName: "home",
      sinceMs: 1_000,
      pathsUp: 2,
    });
    await api.tunnel.disconnect();
    expect(seen).toEqual(["connecting", "connected", "disconnected"]);
    expect(await api.app.getInfo()).toEqual({ version: "1.2.3", platform: "linux" });
  });

  it("refuses a subframe, another page and a missing frame, and the tunnel stays put", async () => {
    for (const frame of [
      { url: appUrl, parent: {} },
      { url: "https://evil.example/index.html", parent: null },
      { url: "file:///tmp/other.html", parent: null },
      null,
    ]) {
      const { api } = setup(frame);
      await expect(api.tunnel.connect()).rejects.toThrow("is not Braid's own window");
    }
  });

  it("validates arguments before any handler runs", async () => {
    const { handlers } = setup({ url: appUrl, parent: null });
    const connect = handlers.get(channelName("tunnel", "connect"));
    await expect(
      Promise.resolve().then(() => connect?.({ senderFrame: { url: appUrl, parent: null } }, { rm: "-rf" })),
    ).rejects.toThrow("takes no argument");
  });

  it("registers exactly the schema's invoke channels, and unregisters them", () => {
    const { handlers, unregister } = setup({ url: appUrl, parent: null });
    const invokeChannels = schemaEntries()
      .filter((e) => e.spec.kind === "invoke")
      .map((e) => channelName(e.group, e.key));
    expect([...handlers.keys()].sort()).toEqual(invokeChannels.sort());
    unregister();
    expect(handlers.size).toBe(0);
  });

  it("pushes path samples and events, answers history, and sets a mode", async () => {
    const { api, fireTimer } = setup({ url: appUrl, parent: null });
    const samples: number[] = [];
    const events: string[] = [];
    api.paths.onSample((sample) => samples.push(sample.paths.length));
    api.paths.onEvent((event) => events.push(`${event.kind}`));
    await api.tunnel.connect();
    fireTimer(); // connected, first sample
    fireTimer(); // second sample
    expect(samples).toEqual([2, 2]);
    expect(events).toEqual(["path-up", "path-up"]);
    const history = await api.paths.getHistory();
    expect(history.samples.map((s) => s.paths.map((p) => p.interface))).toEqual([
      ["eth0", "wlan0"],
      ["eth0", "wlan0"],
    ]);
    expect(await api.tunnel.setMode({ mode: "redundant" })).toEqual({ mode: "redundant" });
    expect(await api.tunnel.getMode()).toEqual({ mode: "redundant" });
  });

  it("refuses a mode the app does not offer, or extra fields, naming the field", async () => {
    const { handlers } = setup({ url: appUrl, parent: null });
    const setMode = handlers.get(channelName("tunnel", "setMode"));
    const call = (arg: unknown) =>
      Promise.resolve().then(() => setMode?.({ senderFrame: { url: appUrl, parent: null } }, arg));
    await expect(call({ mode: "fastest" })).rejects.toThrow('setMode.mode: must be one of "bond"');
    await expect(call({ mode: "bond", force: true })).rejects.toThrow("setMode.force");
    await expect(call("bond")).rejects.toThrow("setMode: must be an object");
    await expect(call(undefined)).rejects.toThrow("setMode: must be an object");
  });

  it("imports, lists, picks quick-connect and removes profiles; a broken one comes back with its line", async () => {
    const { api } = setup({ url: appUrl, parent: null });
    expect(await api.profiles.list()).toMatchObject({ profiles: [{ name: "home" }], quickConnect: "home" });
    const text = simulatedProfileText.replace("Endpoint = 192.0.2.10", "Endpoint = 198.51.100.1");
    expect(await api.profiles.import({ name: "work", text })).toMatchObject({
      ok: true,
      profile: { name: "work", endpoint: "198.51.100.1:51820" },
    });
    expect(await api.profiles.import({ name: "bad", text: text.replace("Address", "Adress") })).toEqual({
      ok: false,
      problem: { message: expect.stringMatching(/^profile line 4: unknown key "Adress"/), line: 4 },
    });
    expect((await api.profiles.setQuickConnect({ name: "work" })).quickConnect).toBe("work");
    expect(await api.profiles.remove({ name: "work" })).toMatchObject({
      profiles: [{ name: "home" }],
      quickConnect: "home",
    });
  });

  it("refuses profile arguments the helper would refuse, naming the field", async () => {
    const { handlers } = setup({ url: appUrl, parent: null });
    const call = (key: string, arg: unknown) =>
      Promise.resolve().then(() =>
        handlers.get(channelName("profiles", key))?.({ senderFrame: { url: appUrl, parent: null } }, arg),
      );
    await expect(call("import", { name: "../etc", text: "x" })).rejects.toThrow("profiles.import.name");
    await expect(call("import", { name: "ok", text: "" })).rejects.toThrow("profiles.import.text");
    await expect(call("import", { name: "ok", text: "x".repeat(65_537) })).rejects.toThrow(
      "profiles.import.text",
    );
    await expect(call("remove", { name: "home", force: true })).rejects.toThrow("profiles.remove.force");
    await expect(call("setQuickConnect", "home")).rejects.toThrow(
      "profiles.setQuickConnect: must be an object",
    );
  });

  it("gets and sets every setting, and refuses values outside the offered ones", async () => {
    const { api, handlers } = setup({ url: appUrl, parent: null });
    expect(await api.settings.get()).toEqual({
      tunnel: { available: true, killSwitch: false, probeRateHz: 10 },
      startAtLogin: false,
      theme: "system",
    });
    await api.settings.setKillSwitch({ enabled: true });
    await api.settings.setProbeRate({ hz: 50 });
    await api.settings.setStartAtLogin({ enabled: true });
    expect(await api.settings.setTheme({ theme: "light" })).toEqual({
      tunnel: { available: true, killSwitch: true, probeRateHz: 50 },
      startAtLogin: true,
      theme: "light",
    });
    const call = (key: string, arg: unknown) =>
      Promise.resolve().then(() =>
        handlers.get(channelName("settings", key))?.({ senderFrame: { url: appUrl, parent: null } }, arg),
      );
    await expect(call("setProbeRate", { hz: 51 })).rejects.toThrow("settings.setProbeRate.hz");
    await expect(call("setProbeRate", { hz: 2.5 })).rejects.toThrow("settings.setProbeRate.hz");
    await expect(call("setTheme", { theme: "solarized" })).rejects.toThrow("settings.setTheme.theme");
    await expect(call("setKillSwitch", { enabled: "yes" })).rejects.toThrow("settings.setKillSwitch.enabled");
    await expect(call("get", { all: true })).rejects.toThrow("takes no argument");
  });

  it("exposes on<Event> for notifications and rejects a non-function listener", () => {
    const { api } = setup({ url: appUrl, parent: null });
    expect(typeof api.tunnel.onStateChanged).toBe("function");
    expect(() => api.tunnel.onStateChanged("nope" as never)).toThrow("needs a listener function");
  });
});
