import { sql } from "drizzle-orm";
import type { Db } from "./client";

// The waiting line of a department: open live chats that nobody has taken (assigned) or answered
// (an operator's message has reached D1). Metadata and message times only; nothing is decrypted.

const waiting = sql`c.status = 'open' AND c.origin = 'chat' AND c.assigned_operator_id IS NULL
  AND NOT EXISTS (SELECT 1 FROM messages m WHERE m.conversation_id = c.id AND m.author_kind = 'operator')`;

/**
 * The chat's place in its department's line (1 = next), or null when it is not waiting (taken,
 * answered, ended, or a left message). Earlier starts come first; equal starts by id.
 */
export async function queuePosition(
  db: Db,
  chat: { accountId: string; departmentId: string; id: string; createdAt: number },
): Promise<number | null> {
  const row = await db.get<{ self: number; ahead: number }>(sql`
    SELECT
      (SELECT COUNT(*) FROM conversations c WHERE c.account_id = ${chat.accountId} AND c.id = ${chat.id} AND ${waiting}) AS self,
      (SELECT COUNT(*) FROM conversations c
        WHERE c.account_id = ${chat.accountId} AND c.department_id = ${chat.departmentId} AND ${waiting}
          AND (c.created_at < ${chat.createdAt} OR (c.created_at = ${chat.createdAt} AND c.id < ${chat.id}))) AS ahead`);
  return row && row.self > 0 ? row.ahead + 1 : null;
}

/** How many recent first replies the estimate looks at, and how far back. */
export const FIRST_REPLY_SAMPLE = 50;
export const FIRST_REPLY_WINDOW_MS = 14 * 24 * 60 * 60 * 1000;

/**
 * The median time from the start of a live chat to its first operator message, over the
 * department's latest FIRST_REPLY_SAMPLE answered chats of the last FIRST_REPLY_WINDOW_MS;
 * null when there are none to learn from.
 */
export async function medianFirstReplyMs(db: Db, accountId: string, departmentId: string, now: number): Promise<number | null> {
  const rows = await db.all<{ wait: number }>(sql`
    SELECT wait FROM (
      SELECT c.created_at AS started,
        (SELECT MIN(m.created_at) FROM messages m WHERE m.conversation_id = c.id AND m.author_kind = 'operator') - c.created_at AS wait
      FROM conversations c
      WHERE c.account_id = ${accountId} AND c.department_id = ${departmentId} AND c.origin = 'chat'
        AND c.created_at >= ${now - FIRST_REPLY_WINDOW_MS}
      ORDER BY c.created_at DESC
    ) WHERE wait IS NOT NULL AND wait >= 0 LIMIT ${FIRST_REPLY_SAMPLE}`);
  if (rows.length === 0) return null;
  const sorted = rows.map((r) => r.wait).sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle]! : Math.round((sorted[middle - 1]! + sorted[middle]!) / 2);
}

/** Open chats assigned to each of `operatorIds` (absent: none). */
export async function openChatsAssigned(db: Db, accountId: string, operatorIds: readonly string[]): Promise<Map<string, number>> {
  if (operatorIds.length === 0) return new Map();
  const rows = await db.all<{ operatorId: string; count: number }>(sql`
    SELECT assigned_operator_id AS operatorId, COUNT(*) AS count FROM conversations
    WHERE account_id = ${accountId} AND status = 'open' AND assigned_operator_id IN (${sql.join(
      operatorIds.map((id) => sql`${id}`),
      sql`, `,
    )})
    GROUP BY assigned_operator_id`);
  return new Map(rows.map((r) => [r.operatorId, r.count]));
}

/**
 * Assigns the open, unassigned chat to the operator only while they hold fewer than `slots` open
 * chats: one statement, so two chats started at once cannot both take the last slot. True when
 * it did.
 */
export async function assignWithinSlots(
  db: Db,
  chat: { accountId: string; id: string },
  operatorId: string,
  slots: number,
): Promise<boolean> {
  const result = await db.run(sql`
    UPDATE conversations SET assigned_operator_id = ${operatorId}
    WHERE account_id = ${chat.accountId} AND id = ${chat.id} AND status = 'open' AND assigned_operator_id IS NULL
      AND (SELECT COUNT(*) FROM conversations o
        WHERE o.account_id = ${chat.accountId} AND o.status = 'open' AND o.assigned_operator_id = ${operatorId}) < ${slots}`);
  return result.meta.changes > 0;
}
