import type { D1Migration } from "cloudflare:test";

declare global {
  namespace Cloudflare {
    interface Env {
      TEST_MIGRATIONS: D1Migration[];
      /** Where new accounts go in this run (vitest.config.ts): "DB", or "DB_2" for CONFIDE_TEST_DATABASE=DB_2. */
      NEW_ACCOUNTS_DATABASE: string;
      /** The local mailbox's page (scripts/local-mailbox.mjs); GET messages for what it caught. */
      MAILBOX_URL: string;
      /** The local webhook receiver (scripts/local-webhook-receiver.mjs), ending in "/". */
      WEBHOOK_RECEIVER_URL: string;
    }
  }
}
