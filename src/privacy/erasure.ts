import { and, eq, inArray } from "drizzle-orm";
import { conversationRooms } from "../conversation/namespaces";
import type { Db } from "../db/client";
import { consentReceipts, conversationKeys, conversationNameTokens, conversations, conversationTags, messages } from "../db/schema";

// Erasure: a conversation's D1 rows, its room's storage and its wrapped data key all go.
// D1 Time Travel and the rooms' point-in-time recovery keep 30 days of history, so each erasure is
// also written, by id only, to a ledger in KV, which no database restore rolls back. The sweep
// re-applies the ledger; its entries expire once no backup from before the erasure can exist.

const LEDGER_PREFIX = "erasure:";
/** Longer than the 30-day backup window, with margin. */
const LEDGER_TTL_SECONDS = 35 * 24 * 3600;
/** Ids per D1 statement: one bound parameter each, plus the account, under D1's 100. */
export const ERASE_CHUNK = 50;

interface LedgerMetadata {
  accountId: string;
  erasedAt: number;
}

/**
 * Erases the given conversations of one account, in chunks within D1's limits; ids of other
 * accounts are ignored. Returns how many conversations were deleted from D1.
 */
export async function eraseConversations(env: Env, db: Db, accountId: string, ids: readonly string[], now: number): Promise<number> {
  let erased = 0;
  for (let i = 0; i < ids.length; i += ERASE_CHUNK) {
    const chunk = await ownIds(db, accountId, ids.slice(i, i + ERASE_CHUNK));
    if (chunk.length === 0) continue;
    // The ledger first: if anything below fails half-way, the sweep finishes the job.
    await Promise.all(chunk.map((id) => recordErasure(env, id, { accountId, erasedAt: now })));
    await eraseRooms(env, chunk);
    erased += await deleteRows(db, accountId, chunk);
  }
  return erased;
}

/** Only ids that are this account's conversations (ids in the ledger may already be gone). */
async function ownIds(db: Db, accountId: string, ids: string[]): Promise<string[]> {
  const rows = await db
    .select({ id: conversations.id })
    .from(conversations)
    .where(and(eq(conversations.accountId, accountId), inArray(conversations.id, ids)));
  return rows.map((r) => r.id);
}

const recordErasure = (env: Env, conversationId: string, metadata: LedgerMetadata) =>
  env.ERASURES.put(`${LEDGER_PREFIX}${conversationId}`, "", { metadata, expirationTtl: LEDGER_TTL_SECONDS });

async function eraseRooms(env: Env, ids: string[]): Promise<void> {
  const rooms = conversationRooms(env);
  await Promise.all(
    ids.map((id) => {
      let roomId: DurableObjectId;
      try {
        roomId = rooms.idFromString(id);
      } catch {
        return undefined; // not a room id: nothing there to erase
      }
      return rooms.get(roomId).erase();
    }),
  );
}

/** Deletes every row of these conversations, children first (foreign keys), in one batch. */
async function deleteRows(db: Db, accountId: string, ids: string[]): Promise<number> {
  const [, , , , , deleted] = await db.batch([
    db.delete(messages).where(and(eq(messages.accountId, accountId), inArray(messages.conversationId, ids))),
    db.delete(conversationNameTokens).where(and(eq(conversationNameTokens.accountId, accountId), inArray(conversationNameTokens.conversationId, ids))),
    db.delete(conversationTags).where(and(eq(conversationTags.accountId, accountId), inArray(conversationTags.conversationId, ids))),
    db.delete(consentReceipts).where(and(eq(consentReceipts.accountId, accountId), inArray(consentReceipts.conversationId, ids))),
    db.delete(conversationKeys).where(and(eq(conversationKeys.accountId, accountId), inArray(conversationKeys.conversationId, ids))),
    db.delete(conversations).where(and(eq(conversations.accountId, accountId), inArray(conversations.id, ids))).returning({ id: conversations.id }),
  ]);
  return deleted.length;
}

/**
 * Re-applies every erasure still in the ledger: rows or room storage brought back by a restore
 * are deleted again. Returns how many conversations had come back.
 */
export async function reapplyErasureLedger(env: Env, db: Db): Promise<number> {
  let restored = 0;
  let cursor: string | undefined;
  do {
    const page = await env.ERASURES.list<LedgerMetadata>({ prefix: LEDGER_PREFIX, ...(cursor ? { cursor } : {}) });
    const byAccount = new Map<string, string[]>();
    for (const key of page.keys) {
      if (!key.metadata) continue;
      const ids = byAccount.get(key.metadata.accountId) ?? [];
      ids.push(key.name.slice(LEDGER_PREFIX.length));
      byAccount.set(key.metadata.accountId, ids);
    }
    for (const [accountId, ids] of byAccount) {
      for (let i = 0; i < ids.length; i += ERASE_CHUNK) {
        const chunk = ids.slice(i, i + ERASE_CHUNK);
        await eraseRooms(env, chunk);
        restored += await deleteRows(db, accountId, chunk);
      }
    }
    cursor = page.list_complete ? undefined : page.cursor;
  } while (cursor);
  return restored;
}
