import { buildApp } from "./app";

export { AccountInbox } from "./conversation/account-inbox";
export { ConversationRoom } from "./conversation/conversation-room";

const app = buildApp();

export default {
  fetch: app.fetch,
  async scheduled() {
    // The retention sweep arrives with issue 3.
  },
} satisfies ExportedHandler<Env>;
