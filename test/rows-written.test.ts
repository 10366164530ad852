import { describe, expect, it } from "vitest";
import { expiredOfWidget } from "../src/privacy/retention";
import { accountDb, accountsD1, seedAccount, startChat } from "./helpers";

// D1 bills every row written, index entries included (bench/cost.mjs counts them for a day of chats).
// These hold the per-message figures down where the schema decides them.

async function openChat() {
  const account = await seedAccount();
  const chat = await startChat(account.siteKey, { consent: true });
  const widget = await accountsD1
    .prepare("SELECT widget_id FROM conversations WHERE id = ?")
    .bind(chat.conversationId)
    .first<{ widget_id: string }>();
  return { account, chat, widgetId: widget!.widget_id };
}

describe("D1 rows written per message", () => {
  it("is one for a flushed message: the messages table is its (conversation, seq) key, without a rowid and its index", async () => {
    const { account, chat } = await openChat();
    const insert = await accountsD1
      .prepare(
        "INSERT INTO messages (account_id, conversation_id, seq, client_id, author_kind, body_enc, created_at) VALUES (?, ?, 1, 'c1', 'visitor', 'sealed', ?)",
      )
      .bind(account.accountId, chat.conversationId, Date.now())
      .run();
    expect(insert.meta.rows_written).toBe(1);
  });

  it("is one for the conversation's counters at a flush while the chat is open: no index entry moves", async () => {
    const { chat } = await openChat();
    const update = await accountsD1
      .prepare("UPDATE conversations SET message_count = 3, last_message_at = ? WHERE id = ?")
      .bind(Date.now(), chat.conversationId)
      .run();
    expect(update.meta.rows_written).toBe(1);
  });

  it("leaves the retention sweep's question answered by its partial index", async () => {
    const { account, widgetId } = await openChat();
    const query = expiredOfWidget(await accountDb(account), { id: widgetId, accountId: account.accountId }, Date.now(), 100).toSQL();
    const plan = await accountsD1
      .prepare(`EXPLAIN QUERY PLAN ${query.sql}`)
      .bind(...query.params)
      .all<{ detail: string }>();
    expect(plan.results.map((row) => row.detail).join("\n")).toContain("conversations_retention");
  });
});
