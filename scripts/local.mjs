// Shared by `npm start` and the end-to-end tests: local secrets, build, migrations, first run and
// `wrangler dev`, all against one persisted state directory.
import { spawn, spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { resolve } from "node:path";
import { fileURLToPath } from "node:url";

export const ROOT = fileURLToPath(new URL("..", import.meta.url));
const bin = (name) => `${ROOT}node_modules/.bin/${name}`;
export const quietWranglerEnv = { WRANGLER_SEND_METRICS: "false", CLOUDFLARE_CF_FETCH_ENABLED: "false" };

/**
 * wrangler dev writes a debug log of everything it sees, whatever the log level, into the user's
 * home (~/.config/.wrangler/logs) by default: every DevTools event of the worker, that is several
 * per D1 query, with request URLs and headers. Kept with the run's own state instead, so it goes
 * when that state goes and never piles up (one 1,000-conversation benchmark wrote 53 MB).
 */
const wranglerLogPath = (persistDir) => resolve(ROOT, persistDir, "wrangler.log");

/** Writes a git-ignored .dev.vars with fresh local secrets, unless one exists. Returns true if created. */
export function ensureDevVars() {
  const path = `${ROOT}.dev.vars`;
  if (existsSync(path)) return false;
  const key = () => randomBytes(32).toString("base64");
  const lines = [
    "# Local secrets, generated on first run. Never commit this file.",
    '# workerd has no jurisdictions, so local dev opts out explicitly; production uses wrangler.toml\'s "eu".',
    "DATA_JURISDICTION=none",
    "# Webhook endpoints on http://127.0.0.1 (scripts/local-webhook-receiver.mjs); never in production.",
    "WEBHOOKS_ALLOW_LOOPBACK=1",
    "# Local D1 and R2 are files on this machine: the record of processing must not call them EU.",
    "D1_JURISDICTION=none",
    "R2_JURISDICTION=none",
    `KEY_RING=${JSON.stringify({ active: "local-1", activeSince: new Date().toISOString().slice(0, 10), keys: { "local-1": key() } })}`,
    `BLIND_INDEX_KEY=${key()}`,
    `TOKEN_SIGNING_KEY=${key()}`,
  ];
  writeFileSync(path, `${lines.join("\n")}\n`, { mode: 0o600 });
  return true;
}

function run(command, args, options = {}) {
  const result = spawnSync(command, args, {
    cwd: ROOT,
    stdio: ["ignore", "pipe", "pipe"],
    encoding: "utf8",
    ...options,
    env: { ...process.env, ...quietWranglerEnv, ...options.env },
  });
  if (result.status !== 0) {
    process.stderr.write(result.stdout ?? "");
    process.stderr.write(result.stderr ?? "");
    throw new Error(`${command} ${args.join(" ")} failed with ${result.status}`);
  }
  return result.stdout;
}

export function build() {
  run("node", ["widget/build.mjs"]);
  run(bin("vite"), ["build", "--config", "app/vite.config.ts", "--logLevel", "warn"]);
}

/** The D1 bindings wrangler.toml declares (DB, DB_2, …): every one gets every migration (docs/databases.md). */
export function databaseBindings() {
  const toml = readFileSync(`${ROOT}wrangler.toml`, "utf8");
  return [...toml.matchAll(/^\[\[d1_databases\]\]\s*\nbinding = "([A-Z0-9_]+)"/gm)].map((match) => match[1]);
}

export function migrate(persistDir) {
  for (const binding of databaseBindings())
    run(bin("wrangler"), ["d1", "migrations", "apply", binding, "--local", "--persist-to", persistDir], {
      env: { CI: "true", WRANGLER_LOG_PATH: wranglerLogPath(persistDir) },
    });
}

/** Seeds the demo account if the database has none; returns what first-run.ts printed. */
export function firstRun(persistDir, origins, env = {}) {
  const out = run("node", ["--import", "tsx", "scripts/first-run.ts", persistDir, ...origins], {
    env: { WRANGLER_LOG_PATH: wranglerLogPath(persistDir), ...env },
  });
  return JSON.parse(out.trim().split("\n").at(-1));
}

/**
 * Points the demo account's single sign-on at the local provider `oidc` (scripts/sso-dev-config.ts);
 * returns whether it did (it leaves a configuration for any other provider alone).
 */
export function configureDevSso(persistDir, oidc) {
  const out = run("node", ["--import", "tsx", "scripts/sso-dev-config.ts", persistDir], { env: { OIDC_DEV: JSON.stringify(oidc) } });
  return JSON.parse(out.trim().split("\n").at(-1)).configured;
}

/** Starts `wrangler dev` on 127.0.0.1 and resolves once it answers. */
export async function startWrangler({ port, persistDir, env = {}, vars = {}, args = [], inherit = false }) {
  // vars: extra worker variables (e.g. SEND_LIMIT_BURST for tests and benchmarks), as `--var NAME:VALUE`;
  // args: further flags of `wrangler dev`.
  // --test-scheduled: GET /__scheduled runs the cron sweep (retention, erasure ledger, sessions) at
  // once. The `/cdn-cgi/handler/scheduled` that wrangler prints does not reach a worker with static
  // assets in wrangler 4.86: it lands on miniflare's assets proxy, which has no scheduled handler
  // and answers "500 exception" without a log line.
  const varArgs = Object.entries(vars).flatMap(([name, value]) => ["--var", `${name}:${value}`]);
  const child = spawn(
    bin("wrangler"),
    [
      "dev",
      "--ip",
      "127.0.0.1",
      "--port",
      String(port),
      "--persist-to",
      persistDir,
      "--show-interactive-dev-session=false",
      "--test-scheduled",
      ...varArgs,
      ...args,
    ],
    {
      cwd: ROOT,
      stdio: inherit ? ["ignore", "inherit", "inherit"] : ["ignore", "pipe", "pipe"],
      env: { ...process.env, ...quietWranglerEnv, WRANGLER_LOG_PATH: wranglerLogPath(persistDir), ...env },
    },
  );
  return untilServing(child, port, { what: "wrangler dev", seconds: 60, capture: !inherit });
}

/**
 * Waits until the worker that `child` runs answers the demo page on `port`; its output is kept
 * (when `capture`) for a failure's report. Fails when the child exits or `seconds` pass first.
 */
export async function untilServing(child, port, { what, seconds, capture = true }) {
  let output = "";
  if (capture) {
    child.stdout.on("data", (d) => (output += d));
    child.stderr.on("data", (d) => (output += d));
  }
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + seconds * 1000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`${what} exited early:\n${output}`);
    try {
      const res = await fetch(`${url}/demo`);
      if (res.ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      child.kill();
      throw new Error(`${what} did not answer within ${seconds} s:\n${output}`);
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  return { child, url, output: () => output };
}
