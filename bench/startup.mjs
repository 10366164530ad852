// The worker's start-up CPU profile: the worker is built as a deploy would (`wrangler deploy --dry-run`),
// then `wrangler check startup` profiles its module start-up in local workerd. This prints the total
// and where the time goes: self time by source module (esbuild marks each module in the bundle with a
// `// path` line) and by function. The .cpuprofile itself stays out of git (--outfile keeps it).
//
// Usage: node bench/startup.mjs [--top 10] [--outfile /tmp/worker-startup.cpuprofile]
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { ROOT } from "../scripts/local.mjs";
import { machine, numberArg } from "./lib.mjs";

const TOP = numberArg("top", 10);
const outIndex = process.argv.indexOf("--outfile");

const work = mkdtempSync(join(tmpdir(), "confide-startup-"));
const outfile = outIndex > 0 ? process.argv[outIndex + 1] : join(work, "worker-startup.cpuprofile");

function wrangler(args) {
  const run = spawnSync(join(ROOT, "node_modules/.bin/wrangler"), args, {
    cwd: ROOT,
    encoding: "utf8",
    env: { ...process.env, WRANGLER_SEND_METRICS: "false" },
  });
  if (run.status !== 0) {
    process.stderr.write(`${run.stdout}${run.stderr}`);
    process.exit(1);
  }
}

const loadStart = loadavg().map((n) => Math.round(n * 100) / 100);
wrangler(["deploy", "--dry-run", "--outdir", join(work, "out"), "--outfile", join(work, "worker.bundle")]);
wrangler(["check", "startup", "--worker", join(work, "worker.bundle"), "--outfile", outfile]);

// Line (0-based) of the bundle -> the module whose code it is.
const moduleAt = [];
let current = "(bundle top level)";
for (const line of readFileSync(join(work, "out", "index.js"), "utf8").split("\n")) {
  const marker = /^\/\/ ((?:node_modules|src|app|widget)\/\S+)$/.exec(line);
  if (marker) current = marker[1];
  moduleAt.push(current);
}

rmSync(join(work, "out"), { recursive: true });
rmSync(join(work, "worker.bundle"));

const profile = JSON.parse(readFileSync(outfile, "utf8"));
const byId = new Map(profile.nodes.map((node) => [node.id, node]));
// Self time per node: each sample covers the interval until the next one.
const selfUs = new Map();
for (const [i, id] of profile.samples.entries()) selfUs.set(id, (selfUs.get(id) ?? 0) + (profile.timeDeltas[i + 1] ?? 0));
const totalMs = (profile.endTime - profile.startTime) / 1000;
// The first delta is the wait before the first sample (isolate set-up); the rest is sampled time.
const firstSampleMs = (profile.timeDeltas[0] ?? 0) / 1000;
const sampledMs = totalMs - firstSampleMs;

/** The source module a frame belongs to: the npm package, or the repository file. */
function moduleOf(frame) {
  if (!frame.url.endsWith("index.js")) return "(runtime)";
  const path = moduleAt[frame.lineNumber] ?? "(bundle top level)";
  return /^node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(path)?.[1] ?? path;
}

const sum = (key) => {
  const totals = new Map();
  for (const [id, us] of selfUs) {
    const frame = byId.get(id).callFrame;
    const name = key(frame);
    totals.set(name, (totals.get(name) ?? 0) + us);
  }
  return [...totals].sort((a, b) => b[1] - a[1]).slice(0, TOP);
};
const print = (title, rows) => {
  console.log(title);
  for (const [name, us] of rows)
    console.log(`  ${(us / 1000).toFixed(1).padStart(7)} ms  ${((us / 1000 / sampledMs) * 100).toFixed(0).padStart(3)}%  ${name}`);
};

console.log(`load average at start: ${loadStart.join(", ")}`);
console.log(
  `start-up CPU profile: ${totalMs.toFixed(1)} ms in total; first sample after ${firstSampleMs.toFixed(1)} ms, then ${sampledMs.toFixed(1)} ms sampled (${profile.samples.length} samples) (${outfile})`,
);
console.log("shares below: of the sampled time");
print(
  "self time by module (npm package or repository file)",
  sum((f) => moduleOf(f)),
);
print(
  "self time by function",
  sum((f) => `${f.functionName || "(anonymous)"} (${moduleOf(f)})`),
);
console.log(
  JSON.stringify({
    benchmark: "startup",
    date: new Date().toISOString(),
    machine: machine(),
    loadAverage: loadStart,
    totalMs: Math.round(totalMs * 10) / 10,
    sampledMs: Math.round(sampledMs * 10) / 10,
  }),
);
