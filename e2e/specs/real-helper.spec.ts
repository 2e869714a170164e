// Root only: the dashboard in Chromium against a real `braid helper` (through the dev bridge's --helper-socket), the
// helper in a namespace with two uplinks (eth0, wlan0) through a router to a `braid server run`: connect, live path
// cards, a cut uplink shown down with the tunnel degraded, disconnect.
import { spawn, spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { expect, type Page, test } from "@playwright/test";
import { ControlClient } from "../../helper/control/control-client";
import {
  braidScript,
  dataplaneSkipReason,
  inNs,
  type RunningBraid,
  routedUplinks,
  run,
  startBraid,
  stopBraid,
} from "../dataplane/netns-fixture";
import { devBridgeBuilt, type RunningBridge, startDevBridgeProcess } from "../support/dev-bridge-process";

const skipReason =
  dataplaneSkipReason() ?? (devBridgeBuilt() ? undefined : "needs npm run build (dist/dev-bridge)");
const suffix = String(process.pid % 100000);
/** This suite's own prefix, so suites running alongside never share a namespace. */
const serverNs = `brh-s-${suffix}`;
const routerNs = `brh-r-${suffix}`;
const clientNs = `brh-c-${suffix}`;
const serverTunnel = "10.74.0.1";
const clientTunnel = "10.74.0.2";
const endpoint = "10.253.0.1";
/** Device names live inside the namespaces, so the client's can look like a laptop's: a kind per name. */
const uplinks = [
  { dev: "eth0", routerDev: "brhA", router: "10.251.0.1", client: "10.251.0.2", metric: "100" },
  { dev: "wlan0", routerDev: "brhB", router: "10.252.0.1", client: "10.252.0.2", metric: "200" },
] as const;
const artifacts = path.join(__dirname, "..", "artifacts");

test.describe("dashboard against a real helper", () => {
  test.skip(skipReason !== undefined, skipReason ?? "");

  const scratch = skipReason ? "" : mkdtempSync(path.join(tmpdir(), "braid-real-helper-"));
  const socketPath = path.join(scratch, "braid.sock");
  let server: RunningBraid | undefined;
  let helper: RunningBraid | undefined;
  let bridge: RunningBridge | undefined;
  const serverConfig = path.join(scratch, "server.conf");
  const startServer = () => startBraid(serverNs, ["server", "run", "--config", serverConfig, "--no-nat"]);
  /**
   * Each new session here gets a fresh server, so one test's paths and counters cannot leak into the next. (A
   * restarted client against a running server is covered in e2e/dataplane/braid-pair.e2e.test.ts; it did not come
   * up before the server learnt to treat its HELLO as a new session.)
   */
  async function freshServer(): Promise<void> {
    await stopBraid(server);
    server = await startServer();
  }
  const startHelper = () =>
    startBraid(
      clientNs,
      ["helper", "--socket", socketPath, "--profiles", path.join(scratch, "profiles"), "--interface", "brh0"],
      "listening on",
    );

  test.beforeAll(async () => {
    test.setTimeout(90_000);
    const key = () => run([process.execPath, braidScript, "keygen"]);
    const pub = (privateKey: string) => run([process.execPath, braidScript, "pubkey"], privateKey);
    const serverKey = key();
    const clientKey = key();
    routedUplinks({
      serverNs,
      routerNs,
      clientNs,
      uplinks,
      routerServerDev: "brhR",
      serverDev: "brhS",
      serverSubnet: "10.253.0",
    });
    writeFileSync(
      serverConfig,
      `[Interface]\nPrivateKey = ${serverKey}\nAddress = ${serverTunnel}/24\nListenPort = 51820\n\n` +
        `[Peer]\nPublicKey = ${pub(clientKey)}\nAllowedIPs = ${clientTunnel}/32\n`,
    );
    const profileText =
      `[Interface]\nPrivateKey = ${clientKey}\nAddress = ${clientTunnel}/32\n\n` +
      `[Peer]\nPublicKey = ${pub(serverKey)}\nEndpoint = ${endpoint}:51820\nAllowedIPs = ${serverTunnel}/32\n`;
    server = await startServer();
    helper = await startHelper();
    // The profile arrives as the app's import would send it: over the helper's socket.
    const client = await ControlClient.open(socketPath);
    try {
      await client.call("importProfile", { name: "lab", text: profileText });
    } finally {
      client.close();
    }
    bridge = await startDevBridgeProcess(["--helper-socket", socketPath, "--profile", "lab"]);
    mkdirSync(artifacts, { recursive: true });
  });

  test.afterAll(async () => {
    if (process.env.BRH_DEBUG) console.log(`helper:\n${helper?.stderr}\nserver:\n${server?.stderr}`);
    await bridge?.stop();
    await stopBraid(helper);
    await stopBraid(server);
    for (const ns of [clientNs, routerNs, serverNs]) spawnSync("ip", ["netns", "del", ns]);
    if (scratch) rmSync(scratch, { recursive: true, force: true });
  });

  function card(page: Page, interfaceName: string) {
    return page.locator(`[data-testid="path-card"][data-interface="${interfaceName}"]`);
  }

  test("connect, two live paths from the helper, a cut uplink turns its card down, disconnect", async ({
    page,
  }) => {
    test.setTimeout(90_000);
    if (!bridge) throw new Error("the dev bridge did not start");
    await page.goto(bridge.url);
    await expect(page.getByTestId("tunnel-state")).toHaveText("Disconnected", { timeout: 10_000 });

    await page.getByRole("switch", { name: "Connect" }).click();
    await expect(page.getByTestId("tunnel-state")).toHaveText("Connected", { timeout: 20_000 });
    const cards = page.getByTestId("path-card");
    await expect(cards).toHaveCount(2);
    await expect(cards.locator(".path-name")).toHaveText(["eth0", "wlan0"]);
    await expect(cards.locator(".path-kind")).toHaveText(["Ethernet", "Wi-Fi"]);

    // Traffic through the tunnel, so the figures are the helper's measurements of real packets.
    const pinging = spawn(
      "ip",
      ["netns", "exec", clientNs, "ping", "-c", "200", "-i", "0.05", serverTunnel],
      {
        stdio: "ignore",
      },
    );
    try {
      for (const name of ["eth0", "wlan0"]) {
        await expect(card(page, name).getByTestId("path-state")).toHaveText("Up", { timeout: 10_000 });
        await expect(card(page, name).getByTestId("path-rtt")).toHaveText(/^\d+(\.\d)? ms$/, {
          timeout: 10_000,
        });
      }
      const tx = card(page, "eth0").getByTestId("path-tx");
      const firstTx = await tx.textContent();
      await expect.poll(() => tx.textContent(), { timeout: 5_000 }).not.toBe(firstTx);
      await page.waitForTimeout(1_000);
      await page.screenshot({ path: path.join(artifacts, "real-helper-dashboard.png"), fullPage: true });

      // Redundant puts every ping on both uplinks, so the cut one carries traffic and its loss is a failover (in
      // bond an idle path just goes down); the mode goes to the helper and comes back from it.
      const redundant = page.getByRole("radio", { name: /^Redundant/ });
      await redundant.check();
      await expect(redundant).toBeChecked();
      await page.reload();
      await expect(page.getByRole("radio", { name: /^Redundant/ })).toBeChecked();
      await expect(cards).toHaveCount(2);
      await expect(card(page, "eth0").getByTestId("path-share")).not.toHaveText("0.0 %", { timeout: 5_000 });
      await expect(card(page, "wlan0").getByTestId("path-share")).not.toHaveText("0.0 %", { timeout: 5_000 });

      const cutAtMs = Date.now();
      inNs(routerNs, ["ip", "link", "set", uplinks[0].routerDev, "down"]);
      await expect(card(page, "eth0").getByTestId("path-state")).toHaveText("Down", { timeout: 10_000 });
      console.log(`real helper: eth0 card showed Down ${Date.now() - cutAtMs} ms after the cut`);
      await expect(page.getByTestId("tunnel-state")).toHaveText("Connected, degraded", { timeout: 10_000 });
      await expect(card(page, "wlan0").getByTestId("path-state")).toHaveText("Up");
      const failover = page.locator('[data-testid="timeline-event"][data-kind="failover"]');
      await expect(failover.first()).toBeVisible({ timeout: 5_000 });
      // The helper stops reporting an uplink whose link is gone; its card stays, down, where it was.
      await page.waitForTimeout(2_000);
      await expect(cards.locator(".path-name")).toHaveText(["eth0", "wlan0"]);
      await expect(card(page, "eth0").getByTestId("path-state")).toHaveText("Down");
      await page.screenshot({ path: path.join(artifacts, "real-helper-degraded.png"), fullPage: true });
    } finally {
      pinging.kill();
    }

    await page.getByRole("switch", { name: "Disconnect" }).click();
    await expect(page.getByTestId("tunnel-state")).toHaveText("Disconnected", { timeout: 15_000 });
    await expect(cards).toHaveCount(0);
  });

  test("profiles and settings: the helper's list, a broken import refused with its line, the probe rate", async ({
    page,
  }) => {
    if (!bridge) throw new Error("the dev bridge did not start");
    await page.goto(`${bridge.url}#profiles`);
    const lab = page.locator('[data-testid="profile-row"][data-name="lab"]');
    await expect(lab).toContainText(`${endpoint}:51820 · bond`, { timeout: 10_000 });
    await expect(lab).toHaveAttribute("data-quick-connect", "true");
    await page
      .getByLabel("Profile text or braid:// link")
      .fill(
        "[Interface]\nPrivateKey = CEhWhz9vw4NmIkaQCAUGvdSPOJucBrS0IO9kFPqvW3A=\nAdress = 10.74.0.9/32\n",
      );
    await page.getByLabel("Name").fill("broken");
    await page.getByRole("button", { name: "Import" }).click();
    await expect(page.getByTestId("import-problem-line")).toHaveText("Line 3:");
    await expect(page.getByTestId("import-problem")).toContainText(
      'unknown key "Adress" (did you mean "Address"?)',
    );
    await expect(page.getByTestId("profile-row")).toHaveCount(1);
    await page.screenshot({ path: path.join(artifacts, "real-helper-profile-error.png"), fullPage: true });

    // Settings: the helper's kill switch and probe rate, set through it and read back from it after a reload.
    await page.getByRole("tab", { name: "Settings" }).click();
    const probeRate = page.getByLabel("Probe rate");
    await expect(probeRate).toHaveValue("10");
    await probeRate.selectOption("5");
    await page.reload();
    await expect(page.getByLabel("Probe rate")).toHaveValue("5");
    await expect(page.getByRole("switch", { name: "Kill switch" })).toHaveAttribute("aria-checked", "false");
    await page.getByLabel("Probe rate").selectOption("10");
    await expect(page.locator(".settings-error")).toHaveText("");
  });

  test("the helper killed mid-session: the page says so, and follows the restarted helper", async ({
    page,
  }) => {
    test.setTimeout(90_000);
    if (!bridge) throw new Error("the dev bridge did not start");
    inNs(routerNs, ["ip", "link", "set", uplinks[0].routerDev, "up"]);
    await freshServer();
    await page.goto(bridge.url);
    await page.getByRole("switch", { name: "Connect" }).click();
    await expect(page.getByTestId("tunnel-state")).toHaveText("Connected", { timeout: 20_000 });
    await expect(page.getByTestId("path-card")).toHaveCount(2, { timeout: 10_000 });

    const killedAtMs = Date.now();
    await stopBraid(helper, "SIGKILL");
    const state = page.getByTestId("tunnel-state");
    await expect(state).toHaveText("Not connected", { timeout: 10_000 });
    console.log(`real helper: the page showed the helper gone ${Date.now() - killedAtMs} ms after kill -9`);
    await expect(page.locator(".connection-card")).toContainText("Braid's helper is not reachable");
    await expect(page.getByTestId("path-card")).toHaveCount(0);

    helper = await startHelper();
    await freshServer();
    // A restarted helper cleans up what the killed one left, then goes back to what the user wanted (connected);
    // the page follows it without a click.
    const restartedAtMs = Date.now();
    await expect(state).toHaveText("Connected", { timeout: 20_000 });
    console.log(
      `real helper: the page showed the restarted helper connected again after ${Date.now() - restartedAtMs} ms`,
    );
    await expect(card(page, "wlan0").getByTestId("path-rtt")).toHaveText(/^\d+(\.\d)? ms$/, {
      timeout: 10_000,
    });
    await page.getByRole("switch", { name: "Disconnect" }).click();
    await expect(state).toHaveText("Disconnected", { timeout: 15_000 });
  });
});
