import { and, inArray } from "drizzle-orm";
import { deleteConversationFiles } from "../attachments/erase";
import { auditInsert } from "../db/audit";
import { type Db, inAccount } from "../db/client";
import { conversations } from "../db/schema";
import { shredConversations } from "../db/shred";
import {
  BACKUP_WINDOW_MS,
  ERASE_CHUNK,
  eraseRooms,
  LEDGER_PREFIX,
  LEDGER_TTL_SECONDS,
  type LedgerMetadata,
  type LedgerRecord,
} from "./erasure";
import { RETENTION_BUDGET_PER_RUN } from "./retention";

// Re-applying the erasure ledger. The hourly sweep walks the ledger from oldest to newest with a
// cursor kept in KV, a budget of ids per run, and starts again from the oldest when it reaches the
// end. New records sort after older ones, so a pass meets every record alive when it started and
// every record added during it. No record may expire before a pass reached it: a pass takes at
// most (largest ledger) / (ids per run) hours, and the ledger grows by at most
// RETENTION_BUDGET_PER_RUN ids an hour from retention (manual erasures are people's work, far
// less). With twice that per run, a pass over the largest possible ledger takes half its lifetime.
// A run reads one KV value per record (at most 400 of 50 ids) and lists a few pages: with the
// retention sweep's at most 200 ledger writes, the cron invocation stays under 1,000 KV operations.

const CURSOR_KEY = "ledger-cursor";
/** Ids re-applied per hourly run: twice the most the retention sweep can add in one. */
export const LEDGER_IDS_PER_RUN = 2 * RETENTION_BUDGET_PER_RUN;

/** Hours one pass over the largest ledger the retention sweep alone can build takes. */
export const worstPassHours = (idsPerRun = LEDGER_IDS_PER_RUN): number =>
  Math.ceil(((LEDGER_TTL_SECONDS / 3600) * RETENTION_BUDGET_PER_RUN) / idsPerRun);

/** Records written before rooms were listed separately hold a plain array of ids. */
function toRecord(value: unknown): LedgerRecord | null {
  if (Array.isArray(value)) return { ids: value as string[], rooms: value as string[] };
  if (value && typeof value === "object" && Array.isArray((value as LedgerRecord).ids)) {
    const record = value as LedgerRecord;
    return { ids: record.ids, rooms: Array.isArray(record.rooms) ? record.rooms : record.ids };
  }
  return null;
}

export interface LedgerRun {
  /** Conversations whose rows had come back (a D1 restore) and were erased again. */
  reErased: number;
  /** Ids re-applied in this run. */
  ids: number;
  /** True when this run reached the newest record: the next starts a new pass from the oldest. */
  passComplete: boolean;
}

/**
 * Re-applies erasures still in the ledger, about `budget` ids a run (whole records, so at most
 * ERASE_CHUNK - 1 more), continuing from where the last run stopped. Rows brought back by a D1
 * restore are overwritten and deleted again, and their rooms erased. Rooms that held data within
 * the backup window are told to erase themselves whether or not D1 came back, as a Durable Object
 * point-in-time recovery restores a room without D1. Each account affected gets an audit entry.
 */
export async function reapplyErasureLedger(env: Env, db: Db, now: number, budget = LEDGER_IDS_PER_RUN): Promise<LedgerRun> {
  let cursor = (await env.ERASURES.get(CURSOR_KEY)) ?? undefined;
  let spent = 0;
  let passComplete = false;
  const restored = new Map<string, number>();
  while (spent < budget) {
    // Records hold at most ERASE_CHUNK ids: a page of this many cannot overshoot by a record more.
    const limit = Math.max(1, Math.floor((budget - spent) / ERASE_CHUNK));
    const page = await env.ERASURES.list<LedgerMetadata>({ prefix: LEDGER_PREFIX, limit, ...(cursor ? { cursor } : {}) });
    for (const key of page.keys) {
      if (!key.metadata) continue;
      const record = toRecord(await env.ERASURES.get(key.name, "json"));
      if (!record || record.ids.length === 0) continue;
      spent += record.ids.length;
      const { accountId, erasedAt } = key.metadata;
      const back = await db
        .select({ id: conversations.id })
        .from(conversations)
        .where(and(inAccount(conversations.accountId, accountId), inArray(conversations.id, record.ids)));
      const backIds = back.map((r) => r.id);
      if (backIds.length > 0) {
        await deleteConversationFiles(env, db, accountId, backIds);
        const count = await shredConversations(db, accountId, backIds);
        restored.set(accountId, (restored.get(accountId) ?? 0) + count);
      }
      const rooms = now < erasedAt + BACKUP_WINDOW_MS ? [...new Set([...record.rooms, ...backIds])] : backIds;
      if (rooms.length > 0) await eraseRooms(env, rooms);
    }
    if (page.list_complete) {
      cursor = undefined;
      passComplete = true;
      break;
    }
    cursor = page.cursor;
  }
  if (cursor) await env.ERASURES.put(CURSOR_KEY, cursor);
  else await env.ERASURES.delete(CURSOR_KEY);
  for (const [accountId, count] of restored) {
    await auditInsert(db, {
      accountId,
      actorKind: "system",
      actorId: null,
      action: "erasure.reapplied",
      targetType: "conversation",
      count,
      now,
    });
  }
  return { reErased: [...restored.values()].reduce((a, b) => a + b, 0), ids: spent, passComplete };
}
