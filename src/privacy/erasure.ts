import { and, inArray } from "drizzle-orm";
import { deleteConversationFiles } from "../attachments/erase";
import { accountInboxes, conversationRooms } from "../conversation/namespaces";
import { type Db, inAccount } from "../db/client";
import { conversations } from "../db/schema";
import { shredConversations } from "../db/shred";
import { publishEvent } from "../webhooks/events";

// Erasure: a conversation's D1 rows, its room's storage, its files in R2 and its wrapped data key all go.
// D1 Time Travel and the rooms' point-in-time recovery keep 30 days of history, so each erasure is
// also written, by id only, to a ledger in KV, which no database restore rolls back. The sweep
// re-applies the ledger (src/privacy/erasure-ledger.ts); its entries expire once no backup from
// before the erasure can exist. Costs are per chunk, not per conversation (one KV write, one D1
// batch), to stay within a Worker invocation's limits on subrequests.

export const LEDGER_PREFIX = "erasure:";
/** How far back D1 Time Travel and Durable Object point-in-time recovery reach. */
export const BACKUP_WINDOW_MS = 30 * 86_400_000;
/** Longer than the 30-day backup window, with margin. */
export const LEDGER_TTL_SECONDS = 35 * 24 * 3600;
/** Ids per D1 statement: one bound parameter each, plus the account, under D1's 100. */
export const ERASE_CHUNK = 50;
/** A room whose conversation ended longer ago than this has long erased itself. */
const ROOM_GRACE_MS = 7 * 86_400_000;

export interface LedgerMetadata {
  accountId: string;
  erasedAt: number;
}

/**
 * A ledger record's value: the conversations erased, and those whose room held data within the
 * backup window, so a point-in-time recovery of the object could bring it back.
 */
export interface LedgerRecord {
  ids: string[];
  rooms: string[];
}

/** What an erasure took: conversations deleted from D1, and the files (attachments) deleted with them. */
export interface Erased {
  conversations: number;
  files: number;
}

/**
 * Erases the given conversations of one account, in chunks within D1's limits; ids of other
 * accounts are ignored.
 */
export async function eraseConversations(env: Env, db: Db, accountId: string, ids: readonly string[], now: number): Promise<Erased> {
  let erased = 0;
  let files = 0;
  for (let i = 0; i < ids.length; i += ERASE_CHUNK) {
    const chunk = await ownConversations(db, accountId, ids.slice(i, i + ERASE_CHUNK));
    if (chunk.length === 0) continue;
    // The ledger first: if anything below fails half-way, the sweep finishes the job.
    const rooms = chunk.filter((c) => c.status === "open" || c.closedAt === null || c.closedAt > now - BACKUP_WINDOW_MS).map((c) => c.id);
    await recordErasure(env, { ids: chunk.map((c) => c.id), rooms }, { accountId, erasedAt: now });
    // Live rooms, and rooms that may not have erased themselves yet, are erased too.
    await eraseRooms(
      env,
      chunk.filter((c) => c.status === "open" || c.closedAt === null || c.closedAt > now - ROOM_GRACE_MS).map((c) => c.id),
    );
    // The files' objects while their rows still name them; the rows go with the shredding.
    files += await deleteConversationFiles(
      env,
      db,
      accountId,
      chunk.map((c) => c.id),
    );
    erased += await shredConversations(
      db,
      accountId,
      chunk.map((c) => c.id),
    );
    await announceErasure(env, accountId, chunk);
    await publishEvent(env, db, accountId, { type: "conversation.erased", data: { conversationIds: chunk.map((c) => c.id) } }, now);
  }
  return { conversations: erased, files };
}

/** Operators' apps drop erased conversations from every list at once; the rows are gone either way. */
async function announceErasure(env: Env, accountId: string, chunk: { id: string; departmentId: string }[]): Promise<void> {
  const inboxes = accountInboxes(env);
  try {
    await inboxes.get(inboxes.idFromName(accountId)).erased(chunk);
  } catch (error) {
    console.error("erasure announcement failed", error instanceof Error ? error.name : "unknown");
  }
}

async function ownConversations(db: Db, accountId: string, ids: string[]) {
  return db
    .select({
      id: conversations.id,
      departmentId: conversations.departmentId,
      status: conversations.status,
      closedAt: conversations.closedAt,
    })
    .from(conversations)
    .where(and(inAccount(conversations.accountId, accountId), inArray(conversations.id, ids)));
}

/**
 * One ledger record per chunk: the ids in the value, the account in the metadata. Keys sort by
 * time (13-digit milliseconds), so the sweep's cursor meets new records after older ones.
 */
const recordErasure = (env: Env, record: LedgerRecord, metadata: LedgerMetadata) =>
  env.ERASURES.put(`${LEDGER_PREFIX}${metadata.erasedAt}:${crypto.randomUUID()}`, JSON.stringify(record), {
    metadata,
    expirationTtl: LEDGER_TTL_SECONDS,
  });

/** Erases the rooms of these conversations (empty ones stay empty: erasing writes nothing). */
export async function eraseRooms(env: Env, ids: string[]): Promise<void> {
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
