import { defineConfig } from "vitest/config";

// End-to-end tests run in Node against a real `wrangler dev` (started by global-setup.ts) and drive
// Debian's headless Chromium through playwright-core.
export default defineConfig({
  test: {
    root: new URL("../..", import.meta.url).pathname,
    include: ["test/e2e/**/*.e2e.ts"],
    globalSetup: ["test/e2e/global-setup.ts"],
    testTimeout: 120_000,
    hookTimeout: 180_000,
    fileParallelism: false,
  },
});
