import { buildApp } from "./app";
import { everyDatabase } from "./db/databases";
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
    // Each database on its own (docs/databases.md): one failing must not keep the others from their run.
    for (const { binding, db } of everyDatabase(env)) {
      try {
        if (controller.cron === EMAIL_CRON) await runOutbox(env, db, controller.scheduledTime);
        else await runScheduledSweep(env, db, controller.scheduledTime);
      } catch (error) {
        console.error("scheduled run failed", binding, error instanceof Error ? error.name : "unknown");
      }
    }
  },
  // Webhook deliveries and their dead-letter queue (wrangler.toml, src/webhooks/delivery.ts).
  async queue(batch, env) {
    await handleWebhookBatch(batch as MessageBatch<WebhookQueueMessage>, meteredEnv(env));
  },
} satisfies ExportedHandler<Env>;
