// Builds the embeddable widget into dist/public/widget/ (served as static assets) and prints each
// bundle's gzipped size. Run from anywhere: `node widget/build.mjs`.
import { build } from "esbuild";
import { readFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";

const repoRoot = fileURLToPath(new URL("..", import.meta.url));

const bundles = [
  // A classic script: customers embed it with a plain <script async>, no type="module".
  { entry: "widget/loader.ts", outfile: "dist/public/widget/loader.js", format: "iife", maxGzipBytes: 1200 },
  // Loaded by the loader through import(), so it can stay an ES module with named exports.
  { entry: "widget/chat.ts", outfile: "dist/public/widget/chat.js", format: "esm", maxGzipBytes: 15 * 1024 },
];

const results = await Promise.all(
  bundles.map(async (bundle) => {
    const result = await build({
      absWorkingDir: repoRoot,
      entryPoints: [bundle.entry],
      outfile: bundle.outfile,
      format: bundle.format,
      bundle: true,
      minify: true,
      target: "es2020",
      platform: "browser",
      tsconfig: "widget/tsconfig.json",
      legalComments: "none",
      metafile: true,
      logLevel: "warning",
    });
    // src/shared is imported for types only; any package here means zod (or worse) slipped in.
    const packages = Object.keys(result.metafile.inputs).filter((input) => input.includes("node_modules"));
    const code = await readFile(new URL(bundle.outfile, new URL("..", import.meta.url)));
    return { ...bundle, packages, bytes: code.length, gzipBytes: gzipSync(code, { level: 9 }).length };
  }),
);

let failed = false;
for (const { outfile, packages, bytes, gzipBytes, maxGzipBytes } of results) {
  console.log(`${outfile}  ${bytes} B, ${gzipBytes} B gzipped (budget ${maxGzipBytes} B)`);
  if (packages.length > 0) {
    console.error(`  bundles packages it must not: ${packages.join(", ")}`);
    failed = true;
  }
  if (gzipBytes > maxGzipBytes) {
    console.error("  over its size budget");
    failed = true;
  }
}
if (failed) process.exit(1);
