// The cost of a password at sign-in, in workerd.
//
// 1. In isolation: src/crypto/password.ts bundled into a bare worker under Miniflare (the workerd that
//    wrangler and the tests use). Each request runs one operation; timed inside the worker and as
//    the round trip seen from Node. Operations: hashPassword (current format), verifyPassword of a
//    current hash, and of the dummy hash (unknown emails).
// 2. End to end: POST /api/v1/auth/login under wrangler dev (D1, throttle counters, session, audit):
//    successful sign-ins of the bench admin, and failed ones for unknown emails.
//
// Usage: node bench/password-hash.mjs [--samples 20]
import { loadavg } from "node:os";
import { build } from "esbuild";
import { Miniflare } from "miniflare";
import { ROOT } from "../scripts/local.mjs";
import { ADMIN, machine, numberArg, startConfide, summarise, table } from "./lib.mjs";

const SAMPLES = numberArg("samples", 20);
const WARMUP = 3;

const WORKER = `
import { DUMMY_PASSWORD_HASH, hashPassword, verifyPassword } from "./src/crypto/password";
const PASSWORD = "correct horse battery staple";
let current = null;
export default {
  async fetch(request) {
    current ??= await hashPassword(PASSWORD);
    const op = new URL(request.url).pathname.slice(1);
    const started = performance.now();
    let ok;
    if (op === "hash") ok = (await hashPassword(PASSWORD)).length > 0;
    else if (op === "verify") ok = await verifyPassword(PASSWORD, current);
    else if (op === "verify-dummy") ok = !(await verifyPassword(PASSWORD, DUMMY_PASSWORD_HASH));
    else return new Response("unknown", { status: 404 });
    return Response.json({ ok, ms: performance.now() - started });
  },
};
`;

async function isolated() {
  const bundle = await build({
    stdin: { contents: WORKER, resolveDir: ROOT, loader: "js" },
    bundle: true,
    format: "esm",
    write: false,
    platform: "neutral",
    target: "es2022",
  });
  const mf = new Miniflare({ modules: true, script: bundle.outputFiles[0].text, compatibilityDate: "2026-05-01" });
  const rows = [];
  const results = {};
  try {
    for (const op of ["hash", "verify", "verify-dummy"]) {
      const inside = [];
      const roundTrip = [];
      for (let i = 0; i < WARMUP + SAMPLES; i++) {
        const started = performance.now();
        const res = await mf.dispatchFetch(`http://bench/${op}`);
        const body = await res.json();
        const elapsed = performance.now() - started;
        if (!body.ok) throw new Error(`${op} gave a wrong answer`);
        if (i >= WARMUP) {
          inside.push(body.ms);
          roundTrip.push(elapsed);
        }
      }
      const a = summarise(inside);
      const b = summarise(roundTrip);
      results[op] = { insideWorker: a, roundTrip: b };
      rows.push({ operation: op, n: SAMPLES, "worker p50": a.p50, "worker p99": a.p99, "round trip p50": b.p50, "round trip p99": b.p99 });
    }
  } finally {
    await mf.dispose();
  }
  console.log(`password operations in workerd (Miniflare), ${SAMPLES} samples each after ${WARMUP} warm-ups (ms)`);
  table(rows);
  return results;
}

async function endToEnd() {
  const confide = await startConfide();
  const attempt = (email, password) =>
    fetch(`${confide.url}/api/v1/auth/login`, {
      method: "POST",
      headers: { "Content-Type": "application/json", Origin: confide.url },
      body: JSON.stringify({ email, password }),
    });
  const results = {};
  const rows = [];
  try {
    // Successes count against nobody; failures for unknown emails stay under the address's first wait (19).
    const kinds = [
      ["sign-in, correct password", SAMPLES, () => attempt(ADMIN.email, ADMIN.password), 200],
      ["sign-in, unknown email", Math.min(SAMPLES, 15), (i) => attempt(`nobody-${i}-${Date.now()}@example.org`, "wrong"), 401],
    ];
    for (const [name, count, send, status] of kinds) {
      const times = [];
      for (let i = 0; i < WARMUP + count; i++) {
        const started = performance.now();
        const res = await send(i);
        await res.arrayBuffer();
        if (res.status !== status) throw new Error(`${name}: ${res.status}`);
        if (i >= WARMUP) times.push(performance.now() - started);
      }
      const s = summarise(times);
      results[name] = s;
      rows.push({ request: name, n: count, p50: s.p50, p99: s.p99 });
    }
  } finally {
    await confide.stop();
  }
  console.log("POST /api/v1/auth/login under wrangler dev, round trip (ms)");
  table(rows);
  return results;
}

const loadAtStart = loadavg().map((l) => Math.round(l * 100) / 100);
console.log(`load average at start: ${loadAtStart.join(", ")}`);
const isolatedResults = await isolated();
const endToEndResults = await endToEnd();
console.log(
  JSON.stringify({
    benchmark: "password-hash",
    date: new Date().toISOString(),
    machine: machine(),
    // The machine is shared: its load says how much the figures are inflated by other work.
    loadAverage: { start: loadAtStart, end: loadavg().map((l) => Math.round(l * 100) / 100) },
    samples: SAMPLES,
    isolated: isolatedResults,
    endToEnd: endToEndResults,
  }),
);
