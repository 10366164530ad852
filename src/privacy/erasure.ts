import { and, inArray } from "drizzle-orm";
import { accountInboxes, conversationRooms } from "../conversation/namespaces";
import { auditInsert } from "../db/audit";
import { inAccount, type Db } from "../db/client";
import { conversations } from "../db/schema";
import { shredConversations } from "../db/shred";

// Erasure: a conversation's D1 rows, its room's storage and its wrapped data key all go.
// D1 Time Travel and the rooms' point-in-time recovery keep 30 days of history, so each erasure is
// also written, by id only, to a ledger in KV, which no database restore rolls back. The sweep
// re-applies the ledger; its entries expire once no backup from before the erasure can exist.
// Costs are per chunk, not per conversation (one KV write, one D1 batch), to stay within a
// Worker invocation's limits on subrequests.

const LEDGER_PREFIX = "erasure:";
const LEDGER_CURSOR_KEY = "ledger-cursor";
/** Longer than the 30-day backup window, with margin. */
const LEDGER_TTL_SECONDS = 35 * 24 * 3600;
/** Ids per D1 statement: one bound parameter each, plus the account, under D1's 100. */
export const ERASE_CHUNK = 50;
/** A room whose conversation ended longer ago than this has long erased itself. */
const ROOM_GRACE_MS = 7 * 86_400_000;
/** Ledger records re-applied per sweep run; the next run continues where this one stopped. */
const LEDGER_RECORDS_PER_RUN = 200;

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
    const chunk = await ownConversations(db, accountId, ids.slice(i, i + ERASE_CHUNK));
    if (chunk.length === 0) continue;
    // The ledger first: if anything below fails half-way, the sweep finishes the job.
    await recordErasure(env, chunk.map((c) => c.id), { accountId, erasedAt: now });
    // Live rooms, and rooms that may not have erased themselves yet, are erased too.
    await eraseRooms(env, chunk.filter((c) => c.status === "open" || c.closedAt === null || c.closedAt > now - ROOM_GRACE_MS).map((c) => c.id));
    erased += await shredConversations(db, accountId, chunk.map((c) => c.id));
    await announceErasure(env, accountId, chunk);
  }
  return erased;
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
    .select({ id: conversations.id, departmentId: conversations.departmentId, status: conversations.status, closedAt: conversations.closedAt })
    .from(conversations)
    .where(and(inAccount(conversations.accountId, accountId), inArray(conversations.id, ids)));
}

/** One ledger record per chunk: the ids in the value, the account in the metadata. */
const recordErasure = (env: Env, ids: string[], metadata: LedgerMetadata) =>
  env.ERASURES.put(`${LEDGER_PREFIX}${metadata.erasedAt}:${crypto.randomUUID()}`, JSON.stringify(ids), { metadata, expirationTtl: LEDGER_TTL_SECONDS });

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

/**
 * Re-applies erasures still in the ledger, at most LEDGER_RECORDS_PER_RUN records a run (the
 * next run continues from a cursor kept in KV): rows brought back by a restore are deleted again,
 * and the rooms of those conversations erased again. Returns how many conversations had come back;
 * each account affected gets an audit entry.
 */
export async function reapplyErasureLedger(env: Env, db: Db, now: number): Promise<number> {
  const start = (await env.ERASURES.get(LEDGER_CURSOR_KEY)) ?? undefined;
  const page = await env.ERASURES.list<LedgerMetadata>({ prefix: LEDGER_PREFIX, limit: LEDGER_RECORDS_PER_RUN, ...(start ? { cursor: start } : {}) });
  const restored = new Map<string, number>();
  for (const key of page.keys) {
    if (!key.metadata) continue;
    const ids = await env.ERASURES.get<string[]>(key.name, "json");
    if (!ids || ids.length === 0) continue;
    const back = await shredConversations(db, key.metadata.accountId, ids);
    if (back > 0) {
      await eraseRooms(env, ids);
      restored.set(key.metadata.accountId, (restored.get(key.metadata.accountId) ?? 0) + back);
    }
  }
  if (page.list_complete) await env.ERASURES.delete(LEDGER_CURSOR_KEY);
  else await env.ERASURES.put(LEDGER_CURSOR_KEY, page.cursor);
  for (const [accountId, count] of restored) {
    await auditInsert(db, { accountId, actorKind: "system", actorId: null, action: "erasure.reapplied", targetType: "conversation", count, now });
  }
  return [...restored.values()].reduce((a, b) => a + b, 0);
}
