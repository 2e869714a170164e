// `npm test`: typecheck, lint, unit tests, then every end-to-end suite this machine can run, saying which it skipped and why.
// Ends with one closing line counting individual tests: "tests: N passed, N failed, N skipped".
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.join(path.dirname(fileURLToPath(import.meta.url)), "..");
const scratch = mkdtempSync(path.join(tmpdir(), "braid-test-"));
const chromium = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
const totals = { passed: 0, failed: 0, skipped: 0 };
const summary = [];

function run(name, command, args, env = {}) {
  console.error(`\n▶ ${name}: ${command} ${args.join(" ")}`);
  const started = Date.now();
  const result = spawnSync(command, args, { cwd: root, stdio: "inherit", env: { ...process.env, ...env } });
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  const ok = result.status === 0;
  summary.push(`${ok ? "ok     " : "FAILED "} ${name} (${seconds} s)`);
  return ok;
}

function skip(name, reason) {
  summary.push(`skipped ${name}: ${reason}`);
}

/** Adds a runner's own per-test counts (from its JSON report) to the totals. */
function countVitest(file) {
  if (!existsSync(file)) return;
  const report = JSON.parse(readFileSync(file, "utf8"));
  totals.passed += report.numPassedTests;
  totals.failed += report.numFailedTests;
  totals.skipped += report.numPendingTests + (report.numTodoTests ?? 0);
}

function countPlaywright(file) {
  if (!existsSync(file)) return;
  const report = JSON.parse(readFileSync(file, "utf8"));
  totals.passed += report.stats.expected + report.stats.flaky;
  totals.failed += report.stats.unexpected;
  totals.skipped += report.stats.skipped;
  // Name each skipped test with the reason its test.skip() gave.
  const walk = (suite) => {
    for (const spec of suite.specs ?? []) {
      for (const t of spec.tests ?? []) {
        if (t.status !== "skipped") continue;
        const reason = t.annotations?.find((a) => a.type === "skip")?.description ?? "no reason given";
        skip(`e2e test "${spec.title}"`, reason);
      }
    }
    for (const child of suite.suites ?? []) walk(child);
  };
  for (const suite of report.suites ?? []) walk(suite);
}

const npx = "npx";
let allOk = true;
allOk = run("typecheck", "npm", ["run", "--silent", "typecheck"]) && allOk;
allOk = run("lint", npx, ["biome", "check", "."]) && allOk;
/** One vitest run as a step, its per-test counts added to the totals. */
function runVitest(name, reportName, selection) {
  const report = path.join(scratch, reportName);
  const args = [
    "vitest",
    "run",
    ...selection,
    "--reporter=default",
    "--reporter=json",
    `--outputFile.json=${report}`,
  ];
  const ok = run(name, npx, args);
  countVitest(report);
  return ok;
}

allOk = runVitest("unit tests", "vitest.json", ["--exclude", "e2e/**", "--exclude", "dist/**"]) && allOk;

const buildOk = run("build", "npm", ["run", "--silent", "build"]);
allOk = buildOk && allOk;

// End-to-end suites: each names what it needs; a missing need skips it with the reason.
const uiNeeds = !buildOk
  ? "the build failed"
  : existsSync(chromium)
    ? undefined
    : `no Chromium at ${chromium} (apt-get install chromium, or set CHROMIUM_PATH)`;
if (uiNeeds) {
  skip("e2e: UI in Chromium", uiNeeds);
} else {
  const playwrightReport = path.join(scratch, "playwright.json");
  allOk =
    run(
      "e2e: UI in Chromium",
      npx,
      ["playwright", "test", "--config", "e2e/playwright.config.ts", "--reporter=list,json"],
      {
        PLAYWRIGHT_JSON_OUTPUT_NAME: playwrightReport,
      },
    ) && allOk;
  countPlaywright(playwrightReport);
}

// Network suites: root on Linux with Debian's tools, namespaces and TUN.
const missingTools = ["ip", "wg", "wireguard-go"].filter((tool) => spawnSync("which", [tool]).status !== 0);
const networkNeeds =
  process.platform !== "linux"
    ? "needs Linux"
    : process.getuid?.() !== 0
      ? "needs root (network namespaces and TUN)"
      : missingTools.length > 0
        ? `missing ${missingTools.join(", ")} (apt-get install iproute2 wireguard-tools wireguard-go)`
        : undefined;
if (networkNeeds) {
  skip("e2e: WireGuard handshake interop with wireguard-go", networkNeeds);
  totals.skipped += 1;
} else {
  const ok = run("e2e: WireGuard handshake interop with wireguard-go", "node", [
    "e2e/interop/wg-handshake-smoke.mjs",
  ]);
  allOk = ok && allOk;
  totals[ok ? "passed" : "failed"] += 1;
}

// The network lab: its pure parts always; its root-only checks skip themselves (describe.skipIf) when not root.
allOk = runVitest("lab (scenario, emulator; root-only parts need root)", "lab.json", ["e2e/lab"]) && allOk;
if (networkNeeds) skip("e2e: lab emulator through namespaces", networkNeeds);

// The data plane: braid server + braid up in two namespaces, ping and iperf3 through the tunnel (skips itself unless root).
if (!buildOk) {
  skip("e2e: data plane (braid server + braid up)", "the build failed");
} else {
  allOk =
    runVitest("e2e: data plane (braid server + braid up)", "dataplane.json", ["e2e/dataplane"]) && allOk;
  if (networkNeeds) skip("e2e: data plane through namespaces", networkNeeds);
}

// braid bench: its report and chart always; its quick single-path run through the CLI skips itself unless root.
if (!buildOk) skip("e2e: braid bench (quick, single path)", "the build failed");
else allOk = runVitest("e2e: braid bench (quick, single path)", "bench.json", ["e2e/bench"]) && allOk;

rmSync(scratch, { recursive: true, force: true });
console.error(`\nSummary\n${summary.map((line) => `  ${line}`).join("\n")}`);
if (!allOk && totals.failed === 0) totals.failed = 1; // a failed typecheck, lint or build counts as a failure
console.log(`tests: ${totals.passed} passed, ${totals.failed} failed, ${totals.skipped} skipped`);
process.exit(allOk ? 0 : 1);
