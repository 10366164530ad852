// `npm test`: the documentation checks, lint (Biome), the API document (Redocly's lint, the typed
// client's types), type checks, the deploy check (`wrangler deploy
// --dry-run` and the bundle budget), the workerd suite (vitest-pool-workers), then the end-to-end suite
// (real `wrangler dev`, headless Chromium). Installs Debian's Chromium when it is missing.
import { spawn, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, rmSync } from "node:fs";
import { checkApiDocument } from "./check-api-document.mjs";
import { checkDeploy } from "./check-deploy.mjs";
import { checkDocs } from "./check-docs.mjs";
import { build, ROOT } from "./local.mjs";

const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";

function sh(command, args, env = {}) {
  const result = spawnSync(command, args, { cwd: ROOT, stdio: "inherit", env: { ...process.env, ...env } });
  return result.status ?? 1;
}

function ensureChromium() {
  if (existsSync(CHROMIUM)) return;
  if (process.getuid?.() !== 0) {
    console.error(`Chromium is missing at ${CHROMIUM}. Install it: sudo apt-get install -y chromium (or set CHROMIUM_PATH).`);
    process.exit(1);
  }
  console.log("test: installing Debian's chromium for the browser tests");
  if (
    sh("apt-get", ["update", "-qq"]) !== 0 ||
    sh("apt-get", ["install", "-y", "-qq", "chromium"], { DEBIAN_FRONTEND: "noninteractive" }) !== 0
  ) {
    console.error("test: could not install chromium with apt-get");
    process.exit(1);
  }
}

/**
 * A suite that prints nothing for this long has stalled: every test has its own timeout (30 s in
 * workerd, more for the few that say so) and each file reports as it ends, so silence this long
 * means the runner itself waits on something that will not come (seen about once in five workerd
 * runs, with the machine idle; cause not found).
 */
const STALL_MS = 8 * 60_000;

/** Runs vitest once; resolves with its exit status, or "stalled" after STALL_MS without output. */
function runVitest(args) {
  return new Promise((resolve) => {
    // Its own process group, so a stalled run is stopped with its workerd and esbuild children.
    const child = spawn(`${ROOT}node_modules/.bin/vitest`, args, { cwd: ROOT, stdio: ["ignore", "pipe", "pipe"], detached: true });
    let lastOutput = Date.now();
    let stalled = false;
    const forward = (to) => (chunk) => {
      lastOutput = Date.now();
      to.write(chunk);
    };
    child.stdout.on("data", forward(process.stdout));
    child.stderr.on("data", forward(process.stderr));
    const watchdog = setInterval(() => {
      if (Date.now() - lastOutput < STALL_MS) return;
      stalled = true;
      process.kill(-child.pid, "SIGKILL");
    }, 10_000);
    child.on("close", (status) => {
      clearInterval(watchdog);
      resolve(stalled ? "stalled" : (status ?? 1));
    });
  });
}

/** Runs one vitest suite and returns its counts from the JSON report. */
async function vitest(label, args) {
  const report = `${ROOT}test-results/${label}.json`;
  const runArgs = ["run", ...args, "--reporter=default", "--reporter=json", `--outputFile.json=${report}`];
  rmSync(report, { force: true });
  let status = await runVitest(runArgs);
  if (status === "stalled") {
    // Said plainly in the log, and run once more from the start: a stall is the runner's, not a test's verdict.
    console.error(`\ntest: the ${label} suite printed nothing for ${STALL_MS / 60_000} minutes and was stopped; running it again`);
    status = await runVitest(runArgs);
    if (status === "stalled") console.error(`test: the ${label} suite stalled again`);
  }
  let passed = 0;
  let failed = 0;
  const failures = [];
  if (existsSync(report)) {
    const results = JSON.parse(readFileSync(report, "utf8"));
    passed = results.numPassedTests;
    failed = results.numFailedTests;
    for (const file of results.testResults ?? []) {
      const name = file.name.replace(ROOT, "");
      const failedTests = (file.assertionResults ?? []).filter((test) => test.status === "failed");
      for (const test of failedTests) failures.push(`${name}: ${test.fullName}\n      ${firstLine(test.failureMessages?.[0])}`);
      // A file that failed outside its tests (an import, a hook) has no failed test to name.
      if (file.status === "failed" && failedTests.length === 0) failures.push(`${name}: ${firstLine(file.message)}`);
    }
  }
  if (status !== 0 && failed === 0) {
    failed = 1; // the suite itself failed to run, or stalled twice
    if (failures.length === 0) failures.push(status === "stalled" ? "stalled twice" : `vitest exited with ${status}`);
  }
  return { passed, failed, failures: failures.map((failure) => `${label}: ${failure}`) };
}

function firstLine(text) {
  return (text ?? "").split("\n").find((line) => line.trim() !== "") ?? "(no message)";
}

mkdirSync(`${ROOT}test-results`, { recursive: true });
console.log("test: documentation");
const docs = checkDocs(ROOT);
console.log("test: lint (npm run lint)");
const lintFailed = sh("npm", ["run", "--silent", "lint"]) === 0 ? 0 : 1;
ensureChromium();
console.log("test: building the widget and the operator app");
build();
// Before the type checks: test/e2e's typed client compiles against the types generated here.
console.log("test: API document (redocly lint, typed client)");
const apiDocument = await checkApiDocument();
console.log("test: type checks");
const typeErrors = [];
for (const project of [".", "widget", "app", "test/e2e"]) {
  if (sh(`${ROOT}node_modules/.bin/tsc`, ["--noEmit", "-p", project]) !== 0) typeErrors.push(`type check of ${project}`);
}
console.log("test: deploy check");
const deploy = checkDeploy(ROOT);
const unit = await vitest("workers", []);
const e2e = await vitest("e2e", ["--config", "test/e2e/vitest.config.ts"]);
const passed = docs.passed + (1 - lintFailed) + apiDocument.passed + deploy.passed + unit.passed + e2e.passed;
const failed = docs.failed + lintFailed + apiDocument.failed + deploy.failed + unit.failed + e2e.failed + typeErrors.length;
// What failed, named again at the very end: a CI log is often read from its tail only.
const failures = [
  ...(docs.failed ? ["documentation check (scroll up for which)"] : []),
  ...(lintFailed ? ["lint"] : []),
  ...(apiDocument.failed ? ["API document check"] : []),
  ...typeErrors,
  ...(deploy.failed ? ["deploy check"] : []),
  ...unit.failures,
  ...e2e.failures,
];
if (failures.length > 0) console.log(`\nfailed:\n${failures.map((failure) => `  - ${failure}`).join("\n")}`);
console.log(`\ntests: ${passed} passed, ${failed} failed`);
process.exit(failed === 0 ? 0 : 1);
