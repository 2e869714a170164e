// The Profiles and Settings screens in real Chromium through the dev bridge (simulated tunnel, but profiles go
// through the helper's own parser): import by file, paste and drop, an error naming its line, quick-connect,
// remove, kill switch, probe rate, theme.
import path from "node:path";
import { expect, type Page, test } from "@playwright/test";
import { encodeBraidUri } from "../../helper/config/braid-uri";
import { artifactsDir, devBridgePerFile, watchConsoleErrors } from "../support/bridge-spec";

const bridge = devBridgePerFile();

const profileText = (endpoint: string, extra = "") =>
  `[Interface]\nPrivateKey = CEhWhz9vw4NmIkaQCAUGvdSPOJucBrS0IO9kFPqvW3A=\nAddress = 10.88.0.3/32\n${extra}\n` +
  `[Peer]\nPublicKey = Z2dk/vLRVjgVFh+8CbN6mBJ92b+9M8Jt6d8Uryd1oww=\nEndpoint = ${endpoint}\nAllowedIPs = 0.0.0.0/0\n`;

const rows = (page: Page) => page.getByTestId("profile-row");
const row = (page: Page, name: string) => page.locator(`[data-testid="profile-row"][data-name="${name}"]`);

async function openScreen(page: Page, name: "Dashboard" | "Profiles" | "Settings"): Promise<void> {
  await page.getByRole("tab", { name }).click();
  await expect(page.getByRole("tab", { name })).toHaveAttribute("aria-selected", "true");
}

test("profiles: import a file, a broken one with its line, a pasted link, a drop; quick-connect; remove", async ({
  page,
}) => {
  const expectNoConsoleErrors = watchConsoleErrors(page);
  await page.goto(bridge().url);
  await openScreen(page, "Profiles");
  await expect(rows(page)).toHaveCount(1);
  await expect(row(page, "lab")).toHaveAttribute("data-quick-connect", "true");
  const importForm = page.locator(".profile-import");
  /** From the top of the page, not of the viewport: the form may be scrolled to. */
  const importTop = () => importForm.evaluate((e) => e.getBoundingClientRect().top + window.scrollY);
  const importTopBefore = await importTop();

  // A file: the name comes from its name, and it joins the list.
  await page.getByTestId("profile-file").setInputFiles({
    name: "office vpn.conf",
    mimeType: "text/plain",
    buffer: Buffer.from(profileText("203.0.113.5:51820", "\n[Braid]\nMode = redundant\n")),
  });
  await expect(page.getByLabel("Name")).toHaveValue("office-vpn");
  await page.getByRole("button", { name: "Import" }).click();
  await expect(page.getByTestId("import-problem")).toHaveText("Imported office-vpn.");
  await expect(rows(page)).toHaveCount(2);
  await expect(row(page, "office-vpn")).toContainText("203.0.113.5:51820 · redundant · kill switch off");
  // The list keeps its height as a row arrives, so the form below does not move.
  expect(await importTop()).toBe(importTopBefore);

  // A broken file: the helper's parser's words, with the line, and that line shown.
  await page.getByTestId("profile-file").setInputFiles({
    name: "broken.conf",
    mimeType: "text/plain",
    buffer: Buffer.from(profileText("203.0.113.6:51820", "\n[Braid]\nMode = redundnt\n")),
  });
  await expect(page.getByLabel("Name")).toHaveValue("broken");
  await page.getByRole("button", { name: "Import" }).click();
  const problem = page.getByTestId("import-problem");
  await expect(page.getByTestId("import-problem-line")).toHaveText("Line 6:");
  await expect(problem).toContainText('Line 6: Mode: "redundnt" is not a mode (did you mean "redundant"?)');
  await expect(problem.locator(".problem-line")).toHaveText("6Mode = redundnt");
  await expect(page.getByLabel("Profile text or braid:// link")).toHaveAttribute("aria-invalid", "true");
  await expect(rows(page)).toHaveCount(2);
  await page.screenshot({ path: path.join(artifactsDir, "profiles-error.png"), fullPage: true });

  // A pasted braid:// link: its name= fills the name.
  const link = encodeBraidUri(profileText("198.51.100.7:51820", "KillSwitch = on\n"), "phone");
  if (!link.ok) throw new Error(link.error);
  await page.getByLabel("Profile text or braid:// link").fill(link.uri);
  await expect(page.getByLabel("Name")).toHaveValue("phone");
  await expect(problem).toHaveText("");
  await page.getByRole("button", { name: "Import" }).click();
  await expect(row(page, "phone")).toContainText("198.51.100.7:51820 · bond · kill switch on");

  // A cut link is refused with the link decoder's words.
  await page.getByLabel("Profile text or braid:// link").fill(link.uri.slice(0, 90));
  await page.getByLabel("Name").fill("cut");
  await page.getByRole("button", { name: "Import" }).click();
  await expect(problem).toContainText("braid:// URI:");
  await page.getByLabel("Name").fill(""); // a typed name is kept over a new file's; an empty one is not

  // A file dropped on the screen fills the form.
  const dataTransfer = await page.evaluateHandle((text) => {
    const transfer = new DataTransfer();
    transfer.items.add(new File([text], "dropped.conf", { type: "text/plain" }));
    return transfer;
  }, profileText("192.0.2.99:51820"));
  await page.getByTestId("profiles-screen").dispatchEvent("dragover", { dataTransfer });
  await expect(page.getByTestId("profiles-screen")).toHaveAttribute("data-dragging", "true");
  await page.getByTestId("profiles-screen").dispatchEvent("drop", { dataTransfer });
  await expect(page.getByLabel("Name")).toHaveValue("dropped");
  await page.getByRole("button", { name: "Import" }).click();
  await expect(rows(page)).toHaveCount(4);
  await expect(rows(page).locator(".profile-name")).toHaveText(["dropped", "lab", "office-vpn", "phone"]);

  // Quick-connect: the choice sticks across a reload, and connect uses it.
  await page.getByRole("radio", { name: "Use phone for quick-connect" }).check();
  await expect(row(page, "phone")).toHaveAttribute("data-quick-connect", "true");
  await page.reload();
  await expect(page.getByRole("radio", { name: "Use phone for quick-connect" })).toBeChecked();
  await page.screenshot({ path: path.join(artifactsDir, "profiles.png"), fullPage: true });
  await openScreen(page, "Dashboard");
  await page.getByRole("switch", { name: "Connect" }).click();
  await expect(page.locator(".connection-detail")).toContainText("phone", { timeout: 5_000 });
  await page.getByRole("switch", { name: "Disconnect" }).click();
  await expect(page.getByTestId("tunnel-state")).toHaveText("Disconnected");

  // Remove asks first; Keep keeps it; removing quick-connect's profile hands quick-connect to the first one.
  await openScreen(page, "Profiles");
  await row(page, "phone").getByRole("button", { name: "Remove phone…" }).click();
  await expect(row(page, "phone").getByRole("button", { name: "Remove phone" })).toBeFocused();
  await row(page, "phone").getByRole("button", { name: "Keep" }).click();
  await expect(rows(page)).toHaveCount(4);
  await row(page, "phone").getByRole("button", { name: "Remove phone…" }).click();
  await row(page, "phone").getByRole("button", { name: "Remove phone" }).click();
  await expect(rows(page)).toHaveCount(3);
  await expect(row(page, "dropped")).toHaveAttribute("data-quick-connect", "true");
  expectNoConsoleErrors();
});

test("settings: kill switch, start at login, probe rate with its cost, theme drives the page", async ({
  page,
}) => {
  await page.goto(bridge().url);
  await openScreen(page, "Settings");
  const killSwitch = page.getByRole("switch", { name: "Kill switch" });
  await expect(killSwitch).toHaveAttribute("aria-checked", "false");
  await killSwitch.click();
  await expect(killSwitch).toHaveAttribute("aria-checked", "true");
  const startAtLogin = page.getByRole("switch", { name: "Start at login" });
  await startAtLogin.press("Enter");
  await expect(startAtLogin).toHaveAttribute("aria-checked", "true");

  const probeRate = page.getByLabel("Probe rate");
  await expect(probeRate).toHaveValue("10");
  await expect(page.getByTestId("probe-rate-cost")).toContainText("12.8 kbit/s, about 138 MB a day per path");
  await probeRate.selectOption("2");
  await expect(page.getByTestId("probe-rate-cost")).toContainText("2.6 kbit/s, about 28 MB a day per path");

  // Theme: the page's colours follow the setting; "system" follows the browser's (dark here, then light).
  const background = () =>
    page.evaluate(() => getComputedStyle(document.body.parentElement as Element).backgroundColor);
  await expect(page.locator("html")).toHaveAttribute("data-theme", "dark");
  const darkBackground = await background();
  await page.getByRole("radio", { name: "Light" }).check();
  await expect(page.locator("html")).toHaveAttribute("data-theme", "light");
  expect(await background()).toBe("rgb(243, 245, 248)");
  expect(await background()).not.toBe(darkBackground);
  await page.screenshot({ path: path.join(artifactsDir, "settings-light.png"), fullPage: true });
  await page.getByRole("radio", { name: "System" }).check();
  await expect(page.locator("html")).toHaveAttribute("data-theme", "dark");
  await page.emulateMedia({ colorScheme: "light" });
  await expect(page.locator("html")).toHaveAttribute("data-theme", "light");
  await page.emulateMedia({ colorScheme: "dark" });
  await page.getByRole("radio", { name: "Dark" }).check();

  // Everything came from main and stays after a reload.
  await page.reload();
  await expect(page.getByRole("switch", { name: "Kill switch" })).toHaveAttribute("aria-checked", "true");
  await expect(page.getByRole("switch", { name: "Start at login" })).toHaveAttribute("aria-checked", "true");
  await expect(page.getByLabel("Probe rate")).toHaveValue("2");
  await expect(page.getByRole("radio", { name: "Dark" })).toBeChecked();
  await page.waitForTimeout(300); // the switches' 160 ms slide
  await page.screenshot({ path: path.join(artifactsDir, "settings.png"), fullPage: true });

  // Put the shared bridge back as found for the other tests.
  await page.getByRole("switch", { name: "Kill switch" }).click();
  await page.getByRole("switch", { name: "Start at login" }).click();
  await page.getByLabel("Probe rate").selectOption("10");
  await page.getByRole("radio", { name: "System" }).check();
});

test("screens: the tabs work from the keyboard alone, focus visible", async ({ page }) => {
  await page.goto(bridge().url);
  await expect(page.getByTestId("tunnel-state")).toHaveText("Disconnected"); // the app has rendered
  await page.keyboard.press("Tab");
  const dashboardTab = page.getByRole("tab", { name: "Dashboard" });
  await expect(dashboardTab).toBeFocused();
  expect(await dashboardTab.evaluate((e) => getComputedStyle(e).outlineStyle)).toBe("solid");
  await page.keyboard.press("ArrowRight");
  await expect(page.getByRole("tab", { name: "Profiles" })).toBeFocused();
  await expect(page.getByRole("tabpanel", { name: "Profiles" })).toBeVisible();
  await page.keyboard.press("End");
  await expect(page.getByRole("tabpanel", { name: "Settings" })).toBeVisible();
  await page.keyboard.press("Tab");
  await expect(page.getByRole("switch", { name: "Kill switch" })).toBeFocused();
  await page.keyboard.press("Shift+Tab");
  await page.keyboard.press("Home");
  await expect(page.getByRole("tabpanel", { name: "Dashboard" })).toBeVisible();
  await expect(page).toHaveURL(/\/$|\/#?\s*$/);
});
