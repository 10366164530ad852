// The deploy check of `npm test`: `wrangler deploy --dry-run` builds the worker exactly as a deploy
// would, without uploading (no account, no network). It fails on a configuration error or warning
// and on a worker bundle over its gzipped budget (README, "Tests"). Needs dist/public (npm run build).
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";

/**
 * The worker bundle's budget, gzipped, as Cloudflare counts a Worker's size. Measured 422.1 KiB on
 * 2026-12-04 (wrangler 4.86.0, minified, with attachments and their type detector); the budget
 * leaves ~15% for growth and catches a heavy dependency pulled into the worker by mistake, far
 * below the platform's limits (3 MiB Free, 10 MiB Paid).
 */
export const WORKER_BUDGET_GZIP_KIB = 485;

/** A configuration warning wrangler prints (an unknown field, a misplaced binding) without failing. */
const WARNING = /\[WARNING\]/;
// biome-ignore lint/suspicious/noControlCharactersInRegex: wrangler colours its output even into a pipe; ESC starts each colour.
const COLOUR = /\x1b\[[0-9;]*m/g;

/** Runs the dry-run deploy and its checks; returns their counts, like checkDocs. */
export function checkDeploy(root) {
  const outdir = mkdtempSync(join(tmpdir(), "confide-deploy-"));
  let passed = 0;
  let failed = 0;
  const report = (ok, name, detail = "") => {
    if (ok) passed++;
    else failed++;
    (ok ? console.log : console.error)(`deploy: ${ok ? "✓" : "✗"} ${name}${detail ? `\n${detail}` : ""}`);
  };
  try {
    const result = spawnSync(join(root, "node_modules/.bin/wrangler"), ["deploy", "--dry-run", "--outdir", outdir], {
      cwd: root,
      encoding: "utf8",
      timeout: 180_000,
      env: { ...process.env, WRANGLER_SEND_METRICS: "false", CLOUDFLARE_CF_FETCH_ENABLED: "false", NO_COLOR: "1" },
    });
    const output = `${result.stdout ?? ""}${result.stderr ?? ""}`.replace(COLOUR, "");
    const ok = result.status === 0 && !WARNING.test(output);
    report(ok, "wrangler deploy --dry-run builds the worker without a configuration error or warning", ok ? "" : output.trim());
    if (result.status !== 0) return { passed, failed };
    const bundle = readFileSync(join(outdir, "index.js"));
    const kib = gzipSync(bundle).length / 1024;
    report(kib <= WORKER_BUDGET_GZIP_KIB, `worker bundle ${kib.toFixed(1)} KiB gzipped, budget ${WORKER_BUDGET_GZIP_KIB} KiB`);
  } finally {
    rmSync(outdir, { recursive: true, force: true });
  }
  return { passed, failed };
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const { failed } = checkDeploy(resolve(dirname(fileURLToPath(import.meta.url)), ".."));
  process.exit(failed === 0 ? 0 : 1);
}
