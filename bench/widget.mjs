// Widget: gzipped sizes of the loader and the whole widget (as built), and the time from navigation
// to the launcher being visible in headless Chromium, against the same page without the widget.
// The customer's page is served from another origin, as on a real site; each load is a fresh
// browser context (empty cache), as a first visit.
// Usage: node bench/widget.mjs [--runs 40]
import { readFileSync } from "node:fs";
import { createServer } from "node:http";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { chromium } from "playwright-core";
import { ROOT } from "../scripts/local.mjs";
import { freePort, machine, numberArg, round, startConfide, table } from "./lib.mjs";

const RUNS = numberArg("runs", 40);

const confide = await startConfide();
const size = (file) => {
  const bytes = readFileSync(join(ROOT, "dist/public/widget", file));
  return { bytes: bytes.length, gzip: gzipSync(bytes, { level: 9 }).length };
};
const sizes = { "loader.js": size("loader.js"), "chat.js": size("chat.js") };

// The customer's page: the same markup, with and without the one script tag.
const page = (withWidget) =>
  `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Shop</title></head><body><h1>Shop</h1><p>${"Lorem ipsum dolor sit amet. ".repeat(40)}</p>${
    withWidget ? `<script src="${confide.url}/widget/loader.js" data-site-key="demo" async></script>` : ""
  }</body></html>`;
const hostPort = await freePort();
const host = createServer((req, res) =>
  res.writeHead(200, { "Content-Type": "text/html; charset=utf-8" }).end(page(req.url === "/widget")),
);
await new Promise((resolve) => host.listen(hostPort, "127.0.0.1", resolve));
const hostUrl = `http://127.0.0.1:${hostPort}`;

// The same flags as the end-to-end tests (test/e2e/browser.ts).
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
  headless: true,
  args: [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
  ],
});
try {
  const measure = async (withWidget) => {
    const context = await browser.newContext({ locale: "en-US" });
    const tab = await context.newPage();
    const started = performance.now();
    await tab.goto(`${hostUrl}/${withWidget ? "widget" : "blank"}`, { waitUntil: "load" });
    if (withWidget) await tab.getByRole("button", { name: "Open chat" }).waitFor({ state: "visible" });
    else await tab.getByRole("heading", { name: "Shop" }).waitFor({ state: "visible" });
    const visible = performance.now() - started;
    // The page's own load event: the async loader must not hold it back.
    const load = await tab.evaluate(() => performance.getEntriesByType("navigation")[0].loadEventEnd);
    await context.close();
    return { visible, load };
  };
  // Warm-up: the first Chromium context and wrangler's first requests are slower than any other.
  for (let i = 0; i < 3; i++) {
    await measure(true);
    await measure(false);
  }
  const results = { blank: [], widget: [] };
  for (let i = 0; i < RUNS; i++) {
    // Interleaved, so drift on the machine hits both alike.
    results.blank.push(await measure(false));
    results.widget.push(await measure(true));
  }
  const stats = (list, key) => {
    const sorted = list.map((r) => r[key]).sort((a, b) => a - b);
    return {
      p50: round(sorted[Math.floor(sorted.length * 0.5)], 1),
      p95: round(sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * 0.95))], 1),
    };
  };
  const summary = {
    blank: { visible: stats(results.blank, "visible"), load: stats(results.blank, "load") },
    widget: { visible: stats(results.widget, "visible"), load: stats(results.widget, "load") },
  };
  console.log("\nWidget bundles as built (gzip -9)");
  table(Object.entries(sizes).map(([file, s]) => ({ file, bytes: s.bytes, gzipped: s.gzip })));
  console.log(`total gzipped: ${sizes["loader.js"].gzip + sizes["chat.js"].gzip} B (loader alone until the first click)`);
  console.log(
    `\nFrom navigation to visible, ${RUNS} fresh contexts each, interleaved (ms): the launcher on the widget page, the heading on the blank page`,
  );
  table([
    {
      page: "blank page",
      "visible p50": summary.blank.visible.p50,
      "visible p95": summary.blank.visible.p95,
      "load event p50": summary.blank.load.p50,
      "load event p95": summary.blank.load.p95,
    },
    {
      page: "with widget",
      "visible p50": summary.widget.visible.p50,
      "visible p95": summary.widget.visible.p95,
      "load event p50": summary.widget.load.p50,
      "load event p95": summary.widget.load.p95,
    },
  ]);
  console.log(
    `launcher visible after the blank page's content: +${round(summary.widget.visible.p50 - summary.blank.visible.p50, 1)} ms at p50`,
  );
  console.log(JSON.stringify({ benchmark: "widget", date: new Date().toISOString(), machine: machine(), runs: RUNS, sizes, summary }));
} finally {
  await browser.close();
  await new Promise((resolve) => host.close(resolve));
  await confide.stop();
}
