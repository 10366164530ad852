import { and, asc, desc, eq, gt, inArray, isNotNull, lt, lte, sql } from "drizzle-orm";
import { alias } from "drizzle-orm/sqlite-core";
import { DUE_SOON_DAYS } from "../shared/data-requests";
import { type Db, newId } from "./client";
import { accounts, dataRequests, operators } from "./schema";

// The register of data-subject requests (src/data-requests/register.ts decides what changes when).

export type DataRequestRow = typeof dataRequests.$inferSelect;
export type NewDataRequest = Omit<typeof dataRequests.$inferInsert, "id">;

const PENDING = ["open", "extended"] as const;
const DAY_MS = 86_400_000;

export async function insertDataRequest(db: Db, values: NewDataRequest): Promise<DataRequestRow> {
  const [row] = await db
    .insert(dataRequests)
    .values({ id: newId(), ...values })
    .returning();
  return row!;
}

export const findDataRequest = (db: Db, accountId: string, id: string) =>
  db
    .select()
    .from(dataRequests)
    .where(and(eq(dataRequests.accountId, accountId), eq(dataRequests.id, id)))
    .get();

/**
 * Applies a change to a request that is still pending; the changed row, or null when it was
 * answered or refused meanwhile (the condition is part of the UPDATE, so two operators cannot
 * both close it).
 */
export async function updatePendingRequest(
  db: Db,
  accountId: string,
  id: string,
  changes: Partial<
    Pick<DataRequestRow, "status" | "dueAt" | "extensionMonths" | "extensionReason" | "refusalReason" | "handledBy" | "answeredAt">
  >,
): Promise<DataRequestRow | null> {
  const [row] = await db
    .update(dataRequests)
    .set(changes)
    .where(and(eq(dataRequests.accountId, accountId), eq(dataRequests.id, id), inArray(dataRequests.status, PENDING)))
    .returning();
  return row ?? null;
}

export async function deleteDataRequest(db: Db, accountId: string, id: string): Promise<boolean> {
  const gone = await db
    .delete(dataRequests)
    .where(and(eq(dataRequests.accountId, accountId), eq(dataRequests.id, id)))
    .returning({ id: dataRequests.id });
  return gone.length > 0;
}

/** Which requests a list shows: those still waiting (by deadline), overdue or due soon at `now`, or all (newest first). */
export type RegisterFilter = "pending" | "overdue" | "due_soon" | "all";

const loggedByOperator = alias(operators, "logged_by_operator");
const handledByOperator = alias(operators, "handled_by_operator");

/** Rows with the display names of who logged and who handled them (null once that operator was removed). */
const withNames = (db: Db) =>
  db
    .select({ row: dataRequests, loggedByName: loggedByOperator.displayName, handledByName: handledByOperator.displayName })
    .from(dataRequests)
    .leftJoin(loggedByOperator, eq(loggedByOperator.id, dataRequests.loggedBy))
    .leftJoin(handledByOperator, eq(handledByOperator.id, dataRequests.handledBy));

export type NamedDataRequest = { row: DataRequestRow; loggedByName: string | null; handledByName: string | null };

/** A page of the register; the cursor is an offset within the filter's order. */
export function listDataRequests(
  db: Db,
  args: { accountId: string; filter: RegisterFilter; now: number; offset: number; limit: number },
): Promise<NamedDataRequest[]> {
  const own = eq(dataRequests.accountId, args.accountId);
  const pending = inArray(dataRequests.status, PENDING);
  const where =
    args.filter === "all"
      ? own
      : args.filter === "pending"
        ? and(own, pending)
        : args.filter === "overdue"
          ? and(own, pending, lt(dataRequests.dueAt, args.now))
          : and(own, pending, gt(dataRequests.dueAt, args.now - 1), lte(dataRequests.dueAt, args.now + DUE_SOON_DAYS * DAY_MS));
  const order =
    args.filter === "all" ? [desc(dataRequests.receivedAt), desc(dataRequests.id)] : [asc(dataRequests.dueAt), asc(dataRequests.id)];
  return withNames(db)
    .where(where)
    .orderBy(...order)
    .limit(args.limit + 1)
    .offset(args.offset);
}

/** One request with the names of who logged and handled it. */
export const namedRequest = (db: Db, accountId: string, id: string): Promise<NamedDataRequest | undefined> =>
  withNames(db)
    .where(and(eq(dataRequests.accountId, accountId), eq(dataRequests.id, id)))
    .get();

/** Every request of one email's blind index, newest first (a person rarely has more than a few). */
export const requestsOfEmail = (db: Db, accountId: string, emailBidx: string, limit: number): Promise<NamedDataRequest[]> =>
  withNames(db)
    .where(and(eq(dataRequests.accountId, accountId), eq(dataRequests.emailBidx, emailBidx)))
    .orderBy(desc(dataRequests.receivedAt), desc(dataRequests.id))
    .limit(limit);

/** How many requests wait for an answer, how many of them are due within DUE_SOON_DAYS and how many are overdue. */
export async function registerCounts(
  db: Db,
  accountId: string,
  now: number,
): Promise<{ pending: number; dueSoon: number; overdue: number }> {
  const soon = now + DUE_SOON_DAYS * DAY_MS;
  const row = await db
    .select({
      pending: sql<number>`count(*)`,
      overdue: sql<number>`coalesce(sum(${dataRequests.dueAt} < ${now}), 0)`,
      dueSoon: sql<number>`coalesce(sum(${dataRequests.dueAt} >= ${now} AND ${dataRequests.dueAt} <= ${soon}), 0)`,
    })
    .from(dataRequests)
    .where(and(eq(dataRequests.accountId, accountId), inArray(dataRequests.status, PENDING)))
    .get();
  return { pending: Number(row?.pending ?? 0), dueSoon: Number(row?.dueSoon ?? 0), overdue: Number(row?.overdue ?? 0) };
}

/** Every account with its register's retention, for the sweep (accounts are few). */
export const registerRetentions = (db: Db) =>
  db.select({ accountId: accounts.id, months: accounts.dataRequestRetentionMonths }).from(accounts);

/** Deletes the account's requests answered or refused before `cutoff`; how many went. Pending ones always stay. */
export async function deleteAnsweredBefore(db: Db, accountId: string, cutoff: number): Promise<number> {
  const gone = await db
    .delete(dataRequests)
    .where(and(eq(dataRequests.accountId, accountId), isNotNull(dataRequests.answeredAt), lt(dataRequests.answeredAt, cutoff)))
    .returning({ id: dataRequests.id });
  return gone.length;
}
