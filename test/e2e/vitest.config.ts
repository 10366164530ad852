import { defineConfig } from "vitest/config";

// End-to-end tests run in Node against a real `wrangler dev` (started by global-setup.ts) and drive
// Debian's headless Chromium through playwright-core.
export default defineConfig({
  test: {
    root: new URL("../..", import.meta.url).pathname,
    include: ["test/e2e/**/*.e2e.ts"],
    globalSetup: ["test/e2e/global-setup.ts"],
    testTimeout: 120_000,
    // expect.poll waits for what it asserts; vitest's default second is too short on a busy machine
    // (an inbox frame, a REST fetch and a render behind a title change), so each may take 15 s.
    expect: { poll: { timeout: 15_000 } },
    hookTimeout: 180_000,
    fileParallelism: false,
  },
});
