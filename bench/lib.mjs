// Shared by the benchmarks: start Confide (wrangler dev on 127.0.0.1 with a fresh state directory),
// talk to it like a visitor and an operator, and measure.
import { execFileSync, spawn } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { cpus, tmpdir, totalmem } from "node:os";
import { join } from "node:path";
import WebSocket from "ws";
import { build, ensureDevVars, firstRun, migrate, quietWranglerEnv, ROOT, startWrangler, untilServing } from "../scripts/local.mjs";

export const ADMIN = { email: "bench-admin@confide.localhost", password: "bench password, long enough" };

/** A free port on 127.0.0.1. */
export async function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/** The number after `--name` on the command line, else `fallback`. */
export function numberArg(name, fallback) {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
}

/** A fresh state directory: migrated, with the demo account (the bench admin's login) for `origins`. */
export function freshState(origins) {
  ensureDevVars();
  const dir = mkdtempSync(join(tmpdir(), "confide-bench-"));
  migrate(dir);
  firstRun(dir, origins, { CONFIDE_ADMIN_EMAIL: ADMIN.email, CONFIDE_ADMIN_PASSWORD: ADMIN.password });
  return dir;
}

/**
 * Confide under wrangler dev with its own state. `vars` raise the abuse limits a load generator on
 * one address would hit (each is documented in bench/README.md). `devTools: false` starts it
 * through wrangler's API instead (bench/dev-worker.mjs): no DevTools session, debug log or proxy
 * of wrangler dev's own; `args` do not apply then.
 */
export async function startConfide({ vars = {}, args = [], env = {}, persistDir, port: fixedPort, devTools = true } = {}) {
  if (!existsSync(join(ROOT, "dist/public/widget/loader.js")) || !existsSync(join(ROOT, "dist/public/app/index.html"))) build();
  const ownDir = !persistDir;
  const port = fixedPort ?? (await freePort());
  const url = `http://127.0.0.1:${port}`;
  const dir = persistDir ?? freshState([url]);
  const allVars = { SEND_LIMIT_BURST: "100000", SEND_LIMIT_PER_SECOND: "100000", CONVERSATIONS_PER_HOUR: "1000000", ...vars };
  const server = devTools
    ? await startWrangler({ port, persistDir: dir, vars: allVars, args, env })
    : await startDevWorker({ port, persistDir: dir, vars: allVars, env });
  return {
    url,
    port,
    persistDir: dir,
    pid: server.child.pid,
    /** What wrangler dev printed so far (for a failure's report). */
    output: () => server.output(),
    /** SIGKILL to wrangler and workerd at once: a crash, not a shutdown. The state directory stays. */
    async crash() {
      const pids = processTree(server.child.pid);
      const exited = server.child.exitCode !== null ? Promise.resolve() : new Promise((resolve) => server.child.once("exit", resolve));
      for (const pid of pids.reverse()) {
        try {
          process.kill(pid, "SIGKILL");
        } catch {
          // already gone
        }
      }
      await exited;
    },
    async stop({ keepState = false } = {}) {
      server.child.kill("SIGTERM");
      await new Promise((resolve) => (server.child.exitCode !== null ? resolve() : server.child.once("exit", resolve)));
      if (ownDir && !keepState) rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** bench/dev-worker.mjs in its own process, like `wrangler dev`; resolves once the demo page answers. */
function startDevWorker({ port, persistDir, vars, env }) {
  const child = spawn(process.execPath, [join(ROOT, "bench/dev-worker.mjs"), String(port), persistDir, JSON.stringify(vars)], {
    cwd: ROOT,
    stdio: ["ignore", "pipe", "pipe"],
    env: { ...process.env, ...quietWranglerEnv, WRANGLER_LOG_PATH: join(persistDir, "wrangler.log"), ...env },
  });
  return untilServing(child, port, { what: "bench/dev-worker.mjs", seconds: 90 });
}

export async function login(url, { email, password } = ADMIN) {
  const res = await fetch(`${url}/api/v1/auth/login`, {
    method: "POST",
    headers: { "Content-Type": "application/json", Origin: url },
    body: JSON.stringify({ email, password }),
  });
  if (!res.ok) throw new Error(`login: ${res.status} ${await res.text()}`);
  return res.headers.get("set-cookie").split(";")[0];
}

/** `origin`: the page's origin the widget is embedded on (the demo widget allows wrangler dev's URL). */
export async function startChat(url, siteKey = "demo", origin = url) {
  const res = await fetch(`${url}/w/${siteKey}/conversations`, {
    method: "POST",
    headers: { "Content-Type": "application/json", Origin: origin },
    body: JSON.stringify({ consent: true }),
  });
  if (res.status !== 201) throw new Error(`start chat: ${res.status} ${await res.text()}`);
  return res.json();
}

/** A WebSocket that collects parsed frames and can wait for a condition. */
export async function socket(address, { protocols, headers = {}, origin } = {}) {
  const ws = new WebSocket(address, protocols, { origin, headers, perMessageDeflate: false });
  // closed: how the socket ended, if it did; lastFrames: the newest few frames, for a failure's report.
  const client = { ws, listeners: new Set(), closed: null, lastFrames: [] };
  ws.on("message", (data) => {
    const frame = JSON.parse(String(data));
    const at = performance.now();
    client.lastFrames.push(frame);
    if (client.lastFrames.length > 5) client.lastFrames.shift();
    for (const listener of client.listeners) listener(frame, at);
  });
  ws.on("close", (code, reason) => (client.closed = { code, reason: String(reason), at: new Date().toISOString() }));
  await new Promise((resolve, reject) => {
    ws.once("open", resolve);
    ws.once("error", reject);
    ws.once("unexpected-response", (_req, res) => reject(new Error(`socket refused: ${res.statusCode}`)));
  });
  return client;
}

export const visitorSocket = (url, chat, after = 0, origin = url) =>
  socket(`${url.replace("http", "ws")}/w/demo/conversations/${chat.conversationId}/socket?after=${after}`, {
    protocols: ["confide.v1", `confide.token.${chat.visitorToken}`],
    origin,
  });

export const operatorSocket = (url, cookie, conversationId, after = 0) =>
  socket(`${url.replace("http", "ws")}/api/v1/conversations/${conversationId}/socket?after=${after}`, {
    protocols: ["confide.v1"],
    origin: url,
    headers: { Cookie: cookie },
  });

/**
 * A new chat with its visitor's socket and `operators` operator sockets. `entry`: where requests go
 * (wrangler dev's URL, or the worker's own entry behind it); the visitor's page is always `url`.
 */
export async function openConversation(url, cookie, { operators = 1, entry = url } = {}) {
  const chat = await startChat(entry, "demo", url);
  const visitor = await visitorSocket(entry, chat, 0, url);
  const sockets = [];
  for (let i = 0; i < operators; i++) sockets.push(await operatorSocket(entry, cookie, chat.conversationId));
  return { chat, visitor, operators: sockets };
}

/**
 * The worker's own workerd entry behind wrangler dev's proxy (a second workerd, and wrangler's node,
 * sit in front of it on the printed URL): the listening port of the workerd started with an
 * ephemeral entry socket that serves the demo page. For measuring the runtime without the local
 * proxy layers (fanout.mjs --direct).
 */
export async function workerEntry(confide) {
  for (const pid of processTree(confide.pid)) {
    let cmdline = "";
    try {
      cmdline = readFileSync(`/proc/${pid}/cmdline`, "utf8");
    } catch {
      continue;
    }
    if (!cmdline.includes("workerd") || !cmdline.includes("entry=127.0.0.1:0")) continue;
    const listening = execFileSync("ss", ["-ltnpH"], { encoding: "utf8" })
      .split("\n")
      .filter((line) => line.includes(`pid=${pid},`))
      .map((line) => /127\.0\.0\.1:(\d+)/.exec(line)?.[1])
      .filter(Boolean);
    for (const port of listening) {
      const url = `http://127.0.0.1:${port}`;
      const ok = await fetch(`${url}/demo`).then(
        (res) => res.ok,
        () => false,
      );
      if (ok) return url;
    }
  }
  throw new Error("the worker's workerd entry was not found behind wrangler dev");
}

/** Waits until `frame` matching `predicate` arrives on `client` (resolves with it). */
export function next(client, predicate, timeoutMs = 30_000, what = "a frame") {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      client.listeners.delete(listener);
      reject(new Error(`timed out after ${timeoutMs} ms waiting for ${what}`));
    }, timeoutMs);
    const listener = (frame) => {
      if (!predicate(frame)) return;
      clearTimeout(timer);
      client.listeners.delete(listener);
      resolve(frame);
    };
    client.listeners.add(listener);
  });
}

export function percentile(sorted, p) {
  if (sorted.length === 0) return null;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

export function summarise(latencies) {
  const sorted = Float64Array.from(latencies).sort();
  return {
    count: sorted.length,
    p50: round(percentile(sorted, 50)),
    p99: round(percentile(sorted, 99)),
    max: round(sorted.at(-1) ?? null),
  };
}

export const round = (value, digits = 2) => (value === null ? null : Math.round(value * 10 ** digits) / 10 ** digits);

/** `pid` and all its descendants (workerd runs under wrangler's node). */
export function processTree(pid) {
  const pids = [pid];
  for (let i = 0; i < pids.length; i++) {
    try {
      const children = execFileSync("ps", ["-o", "pid=", "--ppid", String(pids[i])], { encoding: "utf8" })
        .split("\n")
        .map((s) => Number(s.trim()))
        .filter(Boolean);
      pids.push(...children);
    } catch {
      // no children
    }
  }
  return pids;
}

/** Resident memory in bytes of `pid` and all its descendants. */
export function treeRss(pid) {
  let total = 0;
  for (const p of processTree(pid)) {
    try {
      const match = readFileSync(`/proc/${p}/status`, "utf8").match(/VmRSS:\s+(\d+) kB/);
      if (match) total += Number(match[1]) * 1024;
    } catch {
      // exited
    }
  }
  return total;
}

export function machine() {
  return { cores: cpus().length, cpu: cpus()[0]?.model ?? "unknown", memoryGiB: Math.round(totalmem() / 2 ** 30), node: process.version };
}

/** Prints rows as an aligned table. */
export function table(rows) {
  const columns = Object.keys(rows[0]);
  const width = columns.map((c) => Math.max(c.length, ...rows.map((r) => String(r[c] ?? "—").length)));
  const line = (cells) => cells.map((cell, i) => String(cell ?? "—").padEnd(width[i])).join("  ");
  console.log(line(columns));
  console.log(line(width.map((w) => "-".repeat(w))));
  for (const row of rows) console.log(line(columns.map((c) => row[c])));
}

/** Runs `tasks` with at most `limit` at a time. */
export async function pool(items, limit, task) {
  const results = new Array(items.length);
  let index = 0;
  await Promise.all(
    Array.from({ length: Math.min(limit, items.length) }, async () => {
      while (index < items.length) {
        const i = index++;
        results[i] = await task(items[i], i);
      }
    }),
  );
  return results;
}
