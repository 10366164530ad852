import { and, eq, or, sql } from "drizzle-orm";
import { chunks, type Db, inAccount } from "./client";
import { messages } from "./schema";

// What the inbox list shows beside each open chat: how long the visitor has waited, and the last
// message. Both come from the messages already in D1: the room flushes a conversation's first message
// at once and announces every flush only after it (src/conversation/conversation-room.ts), so what the
// inbox hears of is always here.

/** Two ids per conversation (the IN list twice) and the account: well within D1's 100 parameters. */
const WAITING_CHUNK = 45;

/**
 * When the visitor's oldest message after the last operator reply was written, for each conversation
 * that has one: it has waited since then. Conversations answered since (or without visitor messages) are absent.
 */
export async function unansweredSince(db: Db, accountId: string, ids: readonly string[]): Promise<Map<string, number>> {
  const since = new Map<string, number>();
  for (const chunk of chunks(ids, WAITING_CHUNK)) {
    const list = sql.join(
      chunk.map((id) => sql`${id}`),
      sql`, `,
    );
    // The last reply per conversation first, then the visitor's messages after it: two range reads
    // of each conversation's primary key, where a correlated subquery per message would be quadratic.
    const rows = await db.all<{ conversationId: string; since: number }>(sql`
      WITH replied AS (
        SELECT conversation_id, max(seq) AS seq FROM messages
        WHERE conversation_id IN (${list}) AND author_kind = 'operator'
        GROUP BY conversation_id
      )
      SELECT m.conversation_id AS conversationId, min(m.created_at) AS since
      FROM messages m LEFT JOIN replied r ON r.conversation_id = m.conversation_id
      WHERE m.conversation_id IN (${list}) AND +m.account_id = ${accountId}
        AND m.author_kind = 'visitor' AND m.seq > coalesce(r.seq, 0)
      GROUP BY m.conversation_id`);
    for (const row of rows) since.set(row.conversationId, row.since);
  }
  return since;
}

export type LastMessageRow = typeof messages.$inferSelect;

/** Two parameters per conversation (its id and last seq) and the account. */
const LAST_CHUNK = 45;

/**
 * The last stored message of each conversation, still sealed: the one at its message count, which
 * the flush advances in the same batch as it writes the messages (src/db/conversations.ts flushMessages).
 */
export async function lastMessages(
  db: Db,
  accountId: string,
  conversations: readonly { id: string; messageCount: number }[],
): Promise<Map<string, LastMessageRow>> {
  const last = new Map<string, LastMessageRow>();
  const withMessages = conversations.filter((c) => c.messageCount > 0);
  for (const chunk of chunks(withMessages, LAST_CHUNK)) {
    const rows = await db
      .select()
      .from(messages)
      .where(
        and(
          inAccount(messages.accountId, accountId),
          or(...chunk.map((c) => and(eq(messages.conversationId, c.id), eq(messages.seq, c.messageCount)))),
        ),
      );
    for (const row of rows) last.set(row.conversationId, row);
  }
  return last;
}
