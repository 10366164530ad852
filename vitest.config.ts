import { cloudflareTest, readD1Migrations } from "@cloudflare/vitest-pool-workers";
import { defineConfig } from "vitest/config";
// @ts-expect-error plain ESM helper shared with `npm start`
import { smtpVarsFor, startMailbox } from "./scripts/local-mailbox.mjs";
// @ts-expect-error plain ESM helper shared with `npm start`
import { startWebhookReceiver } from "./scripts/local-webhook-receiver.mjs";

// Fixed test secrets: two key-ring keys (k2 active) so rotation is exercised everywhere.
export const TEST_KEY_RING = JSON.stringify({
  active: "k2",
  keys: {
    k1: "MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY",
    k2: "ZmVkY2JhOTg3NjU0MzIxMGZlZGNiYTk4NzY1NDMyMTA",
  },
});

export default defineConfig(async () => {
  // A real SMTP server on 127.0.0.1 for the whole run, at ports the system picks (several runs may
  // share the machine); the worker sends to it, tests read what it caught at MAILBOX_URL.
  // test/mailbox-teardown.ts stops it.
  const mailbox = await startMailbox();
  (globalThis as { confideMailbox?: unknown }).confideMailbox = mailbox;
  // A webhook receiver on 127.0.0.1 likewise (test/webhooks.test.ts reads what it got at WEBHOOK_RECEIVER_URL).
  const receiver = await startWebhookReceiver();
  (globalThis as { confideWebhookReceiver?: unknown }).confideWebhookReceiver = receiver;
  return {
    plugins: [
      cloudflareTest({
        main: "./src/index.ts",
        wrangler: { configPath: "./wrangler.toml" },
        miniflare: {
          bindings: {
            // Tests opt out of jurisdictions explicitly: workerd does not implement them.
            DATA_JURISDICTION: "none",
            // As production declares them (wrangler.toml), whatever a local .dev.vars says: the record
            // of processing's tests depend on them.
            D1_JURISDICTION: "eu",
            R2_JURISDICTION: "eu",
            KEY_RING: TEST_KEY_RING,
            BLIND_INDEX_KEY: "YmxpbmQtaW5kZXgta2V5LWZvci10ZXN0cy1vbmx5LTMyYg",
            TOKEN_SIGNING_KEY: "dG9rZW4tc2lnbmluZy1rZXktZm9yLXRlc3RzLW9ubHktMzI",
            // The platform API (src/routes/platform.ts) is on in tests; test/platform.test.ts turns it off per request.
            PLATFORM_ADMIN_SECRET: "platform-secret-for-tests-only-0123456789",
            TEST_MIGRATIONS: await readD1Migrations("./migrations"),
            // Two databases (wrangler.toml's DB and DB_2). New accounts go to DB unless a run asks for
            // DB_2 (CONFIDE_TEST_DATABASE=DB_2 npx vitest run …): then every account a test creates
            // lives in the second database, and the same tests prove every query follows the mapping.
            NEW_ACCOUNTS_DATABASE: process.env.CONFIDE_TEST_DATABASE ?? "DB",
            // Ordering tests burst 200 frames from one socket; the default limits (20 at once, 2 a
            // second) are proven against wrangler dev in test/e2e/send-limits.e2e.ts.
            SEND_LIMIT_BURST: "250",
            SEND_LIMIT_PER_SECOND: "5",
            // Privacy-mode starts: a light proof of work (256 hashes on average) and a widget ceiling a
            // test can reach.
            PROOF_OF_WORK_BITS: "8",
            PRIVACY_CONVERSATIONS_PER_HOUR: "25",
            ...smtpVarsFor(mailbox),
            PUBLIC_ORIGIN: "https://confide.test",
            MAILBOX_URL: mailbox.url,
            WEBHOOK_RECEIVER_URL: receiver.url,
            // Webhook endpoints on 127.0.0.1 (the receiver above); production never sets this.
            WEBHOOKS_ALLOW_LOOPBACK: "1",
            // Retries after 1, 2 and 4 seconds instead of 30, 60, 120.
            WEBHOOK_RETRY_BASE_SECONDS: "1",
          },
          // wrangler.toml's consumers, with 3 retries and no batching wait, so a delivery that never
          // succeeds reaches the dead-letter queue within seconds.
          queueConsumers: {
            "confide-webhooks": { maxBatchSize: 10, maxBatchTimeout: 0, maxRetries: 3, deadLetterQueue: "confide-webhooks-dead" },
            "confide-webhooks-dead": { maxBatchSize: 10, maxBatchTimeout: 0 },
          },
        },
      }),
    ],
    test: {
      include: ["test/**/*.test.ts"],
      exclude: ["test/e2e/**"],
      setupFiles: ["./test/apply-migrations.ts"],
      globalSetup: ["./test/mailbox-teardown.ts"],
      testTimeout: 30_000,
    },
  };
});
