// The live dashboard in real Chromium through the dev bridge (simulated tunnel): paths, failover, mode, frame times.
import path from "node:path";
import { type APIRequestContext, expect, type Page, test } from "@playwright/test";
import { artifactsDir, devBridgePerFile, watchConsoleErrors } from "../support/bridge-spec";

const bridge = devBridgePerFile();

/** The bridge's test controls (cut-path, restore-path, path-count); they exist only in the dev bridge. */
async function devControl(request: APIRequestContext, name: string, arg: object): Promise<void> {
  const response = await request.post(new URL(`/__braid/dev/${name}`, bridge().url).href, { data: arg });
  const body = (await response.json()) as { ok: boolean; error?: string };
  expect(body, `dev control ${name}`).toEqual(expect.objectContaining({ ok: true }));
}

async function connect(page: Page): Promise<void> {
  await page.getByRole("switch", { name: "Connect" }).click();
  await expect(page.getByTestId("tunnel-state")).toHaveText("Connected", { timeout: 5_000 });
}

async function disconnect(page: Page): Promise<void> {
  await page.getByRole("switch", { name: "Disconnect" }).click();
  await expect(page.getByTestId("tunnel-state")).toHaveText("Disconnected");
}

function card(page: Page, interfaceName: string) {
  return page.locator(`[data-testid="path-card"][data-interface="${interfaceName}"]`);
}

async function shareOf(page: Page, interfaceName: string): Promise<number> {
  return Number.parseFloat(
    (await card(page, interfaceName).getByTestId("path-share").textContent()) ?? "NaN",
  );
}

test("dashboard: three live paths, a cut link fails over within a second, mode switch, disconnect", async ({
  page,
  request,
}) => {
  const expectNoConsoleErrors = watchConsoleErrors(page);
  await page.goto(bridge().url);
  await expect(page.getByTestId("tunnel-state")).toHaveText("Disconnected");
  const timelineTopBefore = (await page.locator(".timeline").boundingBox())?.y;

  await devControl(request, "backfill", { ms: 240_000 });
  await connect(page);
  const cards = page.getByTestId("path-card");
  await expect(cards).toHaveCount(3);
  await expect(cards.locator(".path-name")).toHaveText(["eth0", "wlan0", "wwan0"]);
  await expect(cards.locator(".path-kind")).toHaveText(["Ethernet", "Wi-Fi", "Cellular"]);
  await expect(cards.getByTestId("path-state")).toHaveText(["Up", "Up", "Up"]);
  // No layout jump: the reserved space for the cards is what the cards take.
  expect((await page.locator(".timeline").boundingBox())?.y).toBe(timelineTopBefore);

  // Live: the figures keep changing at 10 Hz.
  for (const name of ["eth0", "wlan0", "wwan0"]) {
    const rtt = card(page, name).getByTestId("path-rtt");
    await expect(rtt).toHaveText(/^\d+(\.\d)? ms$/); // tenths below 100 ms
    const first = await rtt.textContent();
    await expect.poll(() => rtt.textContent(), { timeout: 2_000 }).not.toBe(first);
  }
  const eth0Tx = card(page, "eth0").getByTestId("path-tx");
  const firstTx = await eth0Tx.textContent();
  await expect.poll(() => eth0Tx.textContent(), { timeout: 2_000 }).not.toBe(firstTx);
  await expect(card(page, "wwan0").getByTestId("path-data-used")).toHaveText(/GB of 20\.0 GB$/);
  await expect(page.getByTestId("total-tx")).toHaveText(/^↑ \d+(\.\d)? Mbit\/s$/);
  await expect(page.getByTestId("time-connected")).toHaveText(/^0[45]:\d\d$/); // four back-filled minutes
  // A window opened late draws the last minutes at once from main's history (here four simulated minutes).
  await page.reload();
  await expect(cards).toHaveCount(3);
  await expect
    .poll(() => page.locator(".recharts-cartesian-axis-tick-value").first().textContent())
    .toMatch(/^\d\d:\d\d$/);
  await page.waitForTimeout(1_000);
  await page.screenshot({ path: path.join(artifactsDir, "dashboard.png"), fullPage: true });

  // Cut the fiber: down within a second, a failover in the timeline, its traffic on the others.
  const cutAtMs = Date.now();
  await devControl(request, "cut-path", { interface: "eth0" });
  await expect(card(page, "eth0").getByTestId("path-state")).toHaveText("Down", { timeout: 1_000 });
  const downAfterMs = Date.now() - cutAtMs;
  const failover = page.locator('[data-testid="timeline-event"][data-kind="failover"]');
  await expect(failover).toHaveCount(1, { timeout: 1_000 });
  await expect(failover).toContainText("eth0 down: its traffic moved to wlan0");
  await expect(failover.locator("time")).toHaveText(/^\d\d:\d\d:\d\d\.\d$/);
  console.log(`dashboard: eth0 card showed Down ${downAfterMs} ms after the cut`);
  expect(downAfterMs, "from the cut request to the card showing Down").toBeLessThan(1_000);
  await expect(card(page, "eth0").getByTestId("path-share")).toHaveText("0.0 %");
  // All of it: what the fiber carried is now on Wi-Fi and LTE (shares of bytes sent, rounded on the cards).
  await expect
    .poll(async () => (await shareOf(page, "wlan0")) + (await shareOf(page, "wwan0")))
    .toBeGreaterThan(98.5);
  expect(await shareOf(page, "wlan0")).toBeGreaterThan(50);
  await expect(page.getByTestId("tunnel-state")).toHaveText("Connected, degraded");
  await expect(page.locator(".event-marker-failover").first()).toBeAttached();
  await page.waitForTimeout(1_500);
  await page.screenshot({ path: path.join(artifactsDir, "dashboard-failover.png"), fullPage: true });
  await page.emulateMedia({ colorScheme: "light" });
  await page.screenshot({ path: path.join(artifactsDir, "dashboard-failover-light.png"), fullPage: true });
  await page.emulateMedia({ colorScheme: "dark" });

  // Failover only: one link carries everything; redundant: the LTE link carries a copy of the stream too.
  await page.getByRole("radio", { name: /^Failover only/ }).check();
  await expect(card(page, "wwan0").getByTestId("path-share")).toHaveText("0.0 %", { timeout: 2_000 });
  await expect(card(page, "wlan0").getByTestId("path-share")).toHaveText("100 %");
  const redundant = page.getByRole("radio", { name: /^Redundant/ });
  await redundant.check();
  await expect(redundant).toBeChecked();
  await expect.poll(() => shareOf(page, "wwan0"), { timeout: 2_000 }).toBeGreaterThan(30);
  // The choice is main's, not only the page's: a reload reads it back.
  await page.reload();
  await expect(page.getByRole("radio", { name: /^Redundant/ })).toBeChecked();
  await expect(page.locator('[data-testid="timeline-event"][data-kind="failover"]')).toHaveCount(1);

  await devControl(request, "restore-path", { interface: "eth0" });
  await expect(card(page, "eth0").getByTestId("path-state")).toHaveText("Up", { timeout: 3_000 });
  await page.getByRole("radio", { name: /^Bond/ }).check();
  await disconnect(page);
  await expect(cards).toHaveCount(0);
  await expect(page.getByText("Connect to see each link")).toBeVisible();
  expectNoConsoleErrors();
});

test("dashboard: the keyboard reaches the modes and the timeline", async ({ page }) => {
  await page.goto(bridge().url);
  await expect(page.getByTestId("tunnel-state")).toHaveText("Disconnected");
  await page.keyboard.press("Tab"); // the screen tabs come first: one tab stop for the three
  await expect(page.getByRole("tab", { name: "Dashboard" })).toBeFocused();
  await page.keyboard.press("Tab");
  await expect(page.getByRole("switch", { name: "Connect" })).toBeFocused();
  await page.keyboard.press("Tab");
  await expect(page.getByRole("radio", { name: /^Bond/ })).toBeFocused();
  await page.keyboard.press("ArrowRight");
  await expect(page.getByRole("radio", { name: /^Redundant/ })).toBeChecked();
  await page.keyboard.press("ArrowLeft");
  await expect(page.getByRole("radio", { name: /^Bond/ })).toBeChecked();
  // Then the three charts (recharts makes each focusable, arrow keys walk its points), then the timeline.
  for (let i = 0; i < 3; i++) {
    await page.keyboard.press("Tab");
    await expect(page.locator(".recharts-surface").nth(i)).toBeFocused();
  }
  await page.keyboard.press("Tab");
  await expect(page.getByRole("log")).toBeFocused();
});

interface FrameFigures {
  readonly p50: number;
  readonly p95: number;
  readonly max: number;
  readonly frames: number;
  /** Share of the 3 s the page's main thread was busy (CDP TaskDuration), 0..1. */
  readonly busyRatio: number;
}

/** requestAnimationFrame deltas over `durationMs`, in the page: how smooth the dashboard is while data streams in. */
async function frameTimes(page: Page, durationMs: number): Promise<FrameFigures> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send("Performance.enable");
  const taskSeconds = async () =>
    (await cdp.send("Performance.getMetrics")).metrics.find((m) => m.name === "TaskDuration")?.value ?? 0;
  const busyBefore = await taskSeconds();
  const deltas = await page.evaluate(
    (ms) =>
      new Promise<number[]>((resolve) => {
        const out: number[] = [];
        let last = performance.now();
        const end = last + ms;
        const step = (now: number) => {
          out.push(now - last);
          last = now;
          if (now < end) requestAnimationFrame(step);
          else resolve(out);
        };
        requestAnimationFrame(step);
      }),
    durationMs,
  );
  const busyRatio = ((await taskSeconds()) - busyBefore) / (durationMs / 1000);
  await cdp.detach();
  const sorted = deltas.slice(1).sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? Number.NaN;
  const round = (v: number) => Math.round(v * 10) / 10;
  return {
    p50: round(at(0.5)),
    p95: round(at(0.95)),
    max: round(sorted.at(-1) ?? Number.NaN),
    frames: sorted.length,
    busyRatio: Math.round(busyRatio * 100) / 100,
  };
}

test("dashboard: frame times at 10 Hz with 3 and with 8 paths, five minutes of chart", async ({
  page,
  request,
}) => {
  // 3 and 8 alternate, twice: the machine is shared, so a figure counts only when its repeat agrees.
  const runs: Array<{ count: number; figures: FrameFigures }> = [];
  for (const count of [3, 8, 3, 8]) {
    await devControl(request, "path-count", { count });
    await devControl(request, "backfill", { ms: 300_000 });
    await page.goto(bridge().url);
    await connect(page);
    // Reloaded, the page draws the full five minutes (3,000 samples per path) from main's history.
    await page.reload();
    await expect(page.getByTestId("path-card")).toHaveCount(count);
    await page.waitForTimeout(1_500);
    runs.push({ count, figures: await frameTimes(page, 3_000) });
    if (count === 8 && runs.length === 2) {
      await page.screenshot({ path: path.join(artifactsDir, "dashboard-8-paths.png"), fullPage: true });
    }
    await disconnect(page);
  }
  await devControl(request, "path-count", { count: 3 });
  await devControl(request, "backfill", { ms: 0 });
  for (const { count, figures: r } of runs) {
    console.log(
      `dashboard frame times, ${count} paths, five minutes of chart, 10 Hz samples: p50 ${r.p50} ms, p95 ${r.p95} ms, max ${r.max} ms (${r.frames} frames in 3 s, main thread busy ${Math.round(r.busyRatio * 100)} %)`,
    );
  }
  // A loose bound (the machine is shared): in the better of two runs, half the frames within two 60 Hz intervals.
  const best8 = Math.min(...runs.filter((r) => r.count === 8).map((r) => r.figures.p50));
  expect(best8).toBeLessThan(34);
});
