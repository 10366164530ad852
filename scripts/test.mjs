// `npm test`: the documentation checks, lint (Biome), the API document (Redocly's lint, the typed
// client's types), type checks, the deploy check (`wrangler deploy
// --dry-run` and the bundle budget), the workerd suite (vitest-pool-workers), then the end-to-end suite
// (real `wrangler dev`, headless Chromium). Installs Debian's Chromium when it is missing.
import { spawn, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, rmSync, statSync } from "node:fs";
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
 * A suite that shows no progress for this long has stalled: no test or hook may take longer (the
 * longest timeouts are 120 s in workerd and 180 s for an end-to-end hook), and the progress
 * reporter writes as each test ends. Stalls are the runner's own: @cloudflare/vitest-pool-workers
 * sometimes stops between two files, all tests passed, with no error and nothing more to come (an
 * open upstream bug, cloudflare/workers-sdk#15498; about once in five workerd runs here, and in
 * CI twice in a row). The files that had not finished then run again; a file that stalls on every
 * attempt fails the run.
 */
const STALL_MS = 5 * 60_000;
const ATTEMPTS = 3;
const PROGRESS_REPORTER = `${ROOT}scripts/test-progress-reporter.mjs`;

/**
 * Runs vitest once, its progress lines going to `progress`; resolves with its exit status, or
 * "stalled" after STALL_MS with neither output nor progress.
 */
function runVitest(args, progress) {
  return new Promise((resolve) => {
    // Its own process group, so a stalled run is stopped with its workerd and esbuild children.
    const child = spawn(`${ROOT}node_modules/.bin/vitest`, args, {
      cwd: ROOT,
      stdio: ["ignore", "pipe", "pipe"],
      detached: true,
      env: { ...process.env, CONFIDE_TEST_PROGRESS: progress },
    });
    let lastOutput = Date.now();
    let stalled = false;
    const forward = (to) => (chunk) => {
      lastOutput = Date.now();
      to.write(chunk);
    };
    child.stdout.on("data", forward(process.stdout));
    child.stderr.on("data", forward(process.stderr));
    const watchdog = setInterval(() => {
      const lastProgress = existsSync(progress) ? statSync(progress).mtimeMs : 0;
      if (Date.now() - Math.max(lastOutput, lastProgress) < STALL_MS) return;
      stalled = true;
      process.kill(-child.pid, "SIGKILL");
    }, 10_000);
    child.on("close", (status) => {
      clearInterval(watchdog);
      resolve(stalled ? "stalled" : (status ?? 1));
    });
  });
}

function readProgress(progress) {
  if (!existsSync(progress)) return [];
  return readFileSync(progress, "utf8")
    .split("\n")
    .filter((line) => line !== "")
    .map((line) => JSON.parse(line));
}

/** Runs one vitest suite, again for the files a stall left unfinished; returns its counts. */
async function vitest(label, args) {
  const progress = `${ROOT}test-results/${label}-progress.jsonl`;
  const baseArgs = ["run", ...args, "--reporter=default", `--reporter=${PROGRESS_REPORTER}`];
  /** Each finished file's counts, by file, whichever attempt finished it. */
  const finished = new Map();
  let planned = [];
  const failures = [];
  for (let attempt = 1; ; attempt++) {
    const rerun = planned.filter((file) => !finished.has(file));
    rmSync(progress, { force: true });
    const status = await runVitest([...baseArgs, ...rerun], progress);
    const started = new Set();
    for (const line of readProgress(progress)) {
      if (line.planned && attempt === 1) planned = line.planned;
      if (line.started) started.add(line.started);
      if (line.ended) finished.set(line.ended, line);
    }
    if (status !== "stalled") {
      const failedTests = [...finished.values()].some((file) => file.failures.length > 0);
      if (status !== 0 && !failedTests) failures.push(`vitest exited with ${status}`);
      break;
    }
    const unfinished = planned.filter((file) => !finished.has(file));
    const inFlight = [...started].filter((file) => !finished.has(file)).map((file) => file.replace(ROOT, ""));
    console.error(
      `\ntest: the ${label} suite stalled (nothing for ${STALL_MS / 60_000} minutes) while running ${inFlight.join(", ") || "no file"}; stopped`,
    );
    if (attempt === ATTEMPTS || planned.length === 0) {
      failures.push(
        `stalled ${attempt} times; unfinished: ${unfinished.map((file) => file.replace(ROOT, "")).join(", ") || "(none known)"}`,
      );
      break;
    }
    console.error(`test: running the ${unfinished.length} unfinished ${label} files again`);
  }
  let passed = 0;
  let failed = 0;
  for (const [file, result] of finished) {
    passed += result.passed;
    failed += result.failures.length;
    for (const failure of result.failures) failures.push(`${file.replace(ROOT, "")}: ${failure}`);
  }
  // The suite itself failed to run, or stalled on every attempt: one failure, named.
  if (failures.length > failed) failed = failures.length;
  return { passed, failed, failures: failures.map((failure) => `${label}: ${failure}`) };
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
