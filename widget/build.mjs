// Builds the embeddable widget into dist/public/widget/ (served as static assets) and prints each
// bundle's gzipped size. Run from anywhere: `node widget/build.mjs`.

import { readFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";
import { build, transform } from "esbuild";

const repoRoot = fileURLToPath(new URL("..", import.meta.url));

// The product's budget: every page with the widget pays for loader.js; a visitor who opens the
// chat pays for both, and together they stay under 30 KB gzipped.
const MAX_TOTAL_GZIP_BYTES = 30 * 1024;

const bundles = [
  // A classic script: customers embed it with a plain <script async>, no type="module".
  // es2020: the loader runs on every page of the customer's site, in whatever browser visits it.
  // 1,448 B until it learnt to hide outside business hours (data-hide-when-closed), 1,588 B since.
  // 1,728 B with the consent hook (data-consent, Confide.consent and its queue) and verified
  // visitors' attributes handed to chat.js.
  { entry: "widget/loader.ts", outfile: "dist/public/widget/loader.js", format: "iife", target: "es2020", maxGzipBytes: 1800 },
  // Loaded by the loader through import(), so it can stay an ES module with named exports; paid for
  // only by visitors who open the chat (or have one to pick up). 12.5 KB (10.6 KB before it
  // shared the operator app's connection, src/shared/conversation-connection.ts, with its strict frame
  // parser and the online/visible retries); 14.0 KB with the visitor's side of issue 13 (the end
  // confirmation, rating form, "Seen", named typing and operator photos, and their CSS and
  // English fallback texts); 15.1 KB with availability (the leave-a-message form, the place in line,
  // the offer to leave a message, the hours timer); 17.4 KB with files (the attach button, drop and
  // paste, the XHR upload with progress and Cancel, images from blob: URLs and download buttons, five
  // more fallback texts, their CSS); the budget keeps about 0.6 KB of headroom.
  // es2022: class fields and #private members as written (lowered, they cost ~640 B gzipped of
  // WeakMap helpers); every browser that runs the loader's dynamic import() since 2021 has them.
  { entry: "widget/chat.ts", outfile: "dist/public/widget/chat.js", format: "esm", target: "es2022", maxGzipBytes: 18 * 1024 },
];

/** Imports a .css file as its minified text: chat.css stays readable, the bundle carries no whitespace. */
const cssAsMinifiedText = {
  name: "css-as-minified-text",
  setup(plugin) {
    plugin.onLoad({ filter: /\.css$/ }, async ({ path }) => {
      const { code } = await transform(await readFile(path, "utf8"), { loader: "css", minify: true });
      return { contents: code.trimEnd(), loader: "text" };
    });
  },
};

const results = await Promise.all(
  bundles.map(async (bundle) => {
    const result = await build({
      absWorkingDir: repoRoot,
      entryPoints: [bundle.entry],
      outfile: bundle.outfile,
      format: bundle.format,
      bundle: true,
      minify: true,
      target: bundle.target,
      platform: "browser",
      tsconfig: "widget/tsconfig.json",
      legalComments: "none",
      // The panel's stylesheet (widget/chat.css) arrives as a minified string for its shadow root.
      plugins: [cssAsMinifiedText],
      metafile: true,
      logLevel: "warning",
    });
    // Only src/shared's zod-free modules are imported; any package here means zod (or worse) slipped in.
    const packages = Object.keys(result.metafile.inputs).filter((input) => input.includes("node_modules"));
    const code = await readFile(new URL(bundle.outfile, new URL("..", import.meta.url)));
    return { ...bundle, packages, bytes: code.length, gzipBytes: gzipSync(code, { level: 9 }).length };
  }),
);

let failed = false;
for (const { outfile, packages, bytes, gzipBytes, maxGzipBytes } of results) {
  const budget = maxGzipBytes === undefined ? "" : ` (budget ${maxGzipBytes} B)`;
  console.log(`${outfile}  ${bytes} B, ${gzipBytes} B gzipped${budget}`);
  if (packages.length > 0) {
    console.error(`  bundles packages it must not: ${packages.join(", ")}`);
    failed = true;
  }
  if (maxGzipBytes !== undefined && gzipBytes > maxGzipBytes) {
    console.error("  over its size budget");
    failed = true;
  }
}
const totalGzipBytes = results.reduce((sum, { gzipBytes }) => sum + gzipBytes, 0);
console.log(`widget total  ${totalGzipBytes} B gzipped (budget ${MAX_TOTAL_GZIP_BYTES} B)`);
if (totalGzipBytes > MAX_TOTAL_GZIP_BYTES) {
  console.error("  the widget's JavaScript is over its total size budget");
  failed = true;
}
if (failed) process.exit(1);
