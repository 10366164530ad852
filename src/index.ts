import { buildApp } from "./app";
import { openDb } from "./db/client";
import { EMAIL_CRON, runOutbox } from "./email/outbox";
import { meteredEnv } from "./platform/usage-meter";
import { runScheduledSweep } from "./privacy/sweep";
import { handleWebhookBatch } from "./webhooks/delivery";
import type { WebhookQueueMessage } from "./webhooks/events";

export { AccountInbox } from "./conversation/account-inbox";
export { ConversationRoom } from "./conversation/conversation-room";

const app = buildApp();

// meteredEnv: the cost benchmark's usage meter, `env` itself unless USAGE_METER is "1" (src/platform/usage-meter.ts).
export default {
  fetch: (request: Request, env: Env, ctx: ExecutionContext) => app.fetch(request, meteredEnv(env), ctx),
  async scheduled(controller, unmetered) {
    const env = meteredEnv(unmetered);
    // The outbox's own, frequent trigger retries email on time; every other run is the full sweep
    // (which delivers due email too).
    if (controller.cron === EMAIL_CRON) {
      await runOutbox(env, openDb(env.DB), controller.scheduledTime);
      return;
    }
    await runScheduledSweep(env, openDb(env.DB), controller.scheduledTime);
  },
  // Webhook deliveries and their dead-letter queue (wrangler.toml, src/webhooks/delivery.ts).
  async queue(batch, env) {
    await handleWebhookBatch(batch as MessageBatch<WebhookQueueMessage>, meteredEnv(env));
  },
} satisfies ExportedHandler<Env>;
