import { and, asc, count, eq, gt, sql } from "drizzle-orm";
import type { Db } from "./client";
import { conversationKeys, conversations } from "./schema";

// Wrapped data keys across every account, for key rotation: the only deployment-wide reads of
// conversation_keys (and one account's count, for its record of processing). Which ring key wrapped a data key is the envelope's prefix ("e1.<key id>.").

/** Data keys whose wrapped form does not start with `prefix`: not wrapped with that ring key. */
const notWrappedWith = (prefix: string) => sql`substr(${conversationKeys.wrappedKey}, 1, ${prefix.length}) <> ${prefix}`;

export interface KeyToRewrap {
  conversationId: string;
  accountId: string;
  wrappedKey: string;
  /** Open conversations have a room, which holds its own copy of the wrapped key. */
  status: "open" | "closed";
}

/** Up to `limit` data keys not wrapped with `prefix`, in conversation-id order after `after` (a keyset page). */
export const keysNotWrappedWith = (db: Db, prefix: string, after: string, limit: number): Promise<KeyToRewrap[]> =>
  db
    .select({
      conversationId: conversationKeys.conversationId,
      accountId: conversationKeys.accountId,
      wrappedKey: conversationKeys.wrappedKey,
      status: conversations.status,
    })
    .from(conversationKeys)
    .innerJoin(
      conversations,
      and(eq(conversations.id, conversationKeys.conversationId), eq(conversations.accountId, conversationKeys.accountId)),
    )
    .where(and(gt(conversationKeys.conversationId, after), notWrappedWith(prefix)))
    .orderBy(asc(conversationKeys.conversationId))
    .limit(limit);

/** How many of one account's data keys are not wrapped with `prefix` (the record of processing's rotation state). */
export async function accountKeysNotWrappedWith(db: Db, accountId: string, prefix: string): Promise<number> {
  const [row] = await db
    .select({ n: count() })
    .from(conversationKeys)
    .where(and(eq(conversationKeys.accountId, accountId), notWrappedWith(prefix)));
  return row?.n ?? 0;
}

/** How many data keys are not wrapped with `prefix`: zero means no other ring key is needed any more. */
export async function countKeysNotWrappedWith(db: Db, prefix: string): Promise<number> {
  const [row] = await db.select({ n: count() }).from(conversationKeys).where(notWrappedWith(prefix));
  return row?.n ?? 0;
}

/**
 * Stores re-wrapped data keys. Each update applies only while the row still holds the form that
 * was re-wrapped, so a key erased or re-wrapped meanwhile is left alone.
 */
export async function replaceWrappedKeys(
  db: Db,
  keys: { conversationId: string; accountId: string; from: string; to: string }[],
): Promise<void> {
  const [first, ...rest] = keys.map((k) =>
    db
      .update(conversationKeys)
      .set({ wrappedKey: k.to })
      .where(
        and(
          eq(conversationKeys.conversationId, k.conversationId),
          eq(conversationKeys.accountId, k.accountId),
          eq(conversationKeys.wrappedKey, k.from),
        ),
      ),
  );
  if (first) await db.batch([first, ...rest]);
}
