import type { D1Migration } from "cloudflare:test";

declare global {
  namespace Cloudflare {
    interface Env {
      TEST_MIGRATIONS: D1Migration[];
      /** The local mailbox's page (scripts/local-mailbox.mjs); GET messages for what it caught. */
      MAILBOX_URL: string;
      /** The local webhook receiver (scripts/local-webhook-receiver.mjs), ending in "/". */
      WEBHOOK_RECEIVER_URL: string;
    }
  }
}
