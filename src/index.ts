import { buildApp } from "./app";
import { openDb } from "./db/client";
import { runScheduledSweep } from "./privacy/sweep";

export { AccountInbox } from "./conversation/account-inbox";
export { ConversationRoom } from "./conversation/conversation-room";

const app = buildApp();

export default {
  fetch: app.fetch,
  async scheduled(controller, env) {
    await runScheduledSweep(env, openDb(env.DB), controller.scheduledTime);
  },
} satisfies ExportedHandler<Env>;
