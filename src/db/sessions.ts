import { and, desc, eq, gt, inArray, lt, lte, ne, or } from "drizzle-orm";
import { SESSION_IDLE_MS, type SessionExpiry, sessionExpiry } from "./auth";
import { chunks, type Db } from "./client";
import { sessions } from "./schema";

// Queries of operator sessions beyond signing in (src/db/auth.ts): the sessions screen, the
// sockets' idle checks and ending sessions (src/auth/end-sessions.ts).

/** Who holds a session (even an expired one: signing out of it still ends it properly). */
export const findSessionOwner = (db: Db, sessionId: string) =>
  db.select({ accountId: sessions.accountId, operatorId: sessions.operatorId }).from(sessions).where(eq(sessions.id, sessionId)).get();

/** The ids of an operator's sessions: all, only `only`, or all but `except`. */
export async function operatorSessionIds(
  db: Db,
  args: { accountId: string; operatorId: string; only?: string[]; except?: string },
): Promise<string[]> {
  const scope = and(
    eq(sessions.accountId, args.accountId),
    eq(sessions.operatorId, args.operatorId),
    args.except ? ne(sessions.id, args.except) : undefined,
  );
  if (!args.only) return (await db.select({ id: sessions.id }).from(sessions).where(scope)).map((row) => row.id);
  const ids: string[] = [];
  for (const chunk of chunks(args.only)) {
    ids.push(
      ...(
        await db
          .select({ id: sessions.id })
          .from(sessions)
          .where(and(scope, inArray(sessions.id, chunk)))
      ).map((row) => row.id),
    );
  }
  return ids;
}

/** Deletes these sessions and answers the ids that were still there: whoever gets an id ended it. */
export async function takeSessions(db: Db, ids: string[]): Promise<string[]> {
  const taken: string[] = [];
  for (const chunk of chunks(ids))
    taken.push(...(await db.delete(sessions).where(inArray(sessions.id, chunk)).returning({ id: sessions.id })).map((row) => row.id));
  return taken;
}

/** What a socket needs to know of its session at its deadline: whether it stands, and until when. */
export const sessionTimes = (db: Db, sessionId: string) =>
  db.select({ lastSeenAt: sessions.lastSeenAt, expiresAt: sessions.expiresAt }).from(sessions).where(eq(sessions.id, sessionId)).get();

/**
 * A person acted on a socket of this session (sent a message, typed): its idle clock starts again.
 * Never revives a session that is already over.
 */
export async function recordSessionActivity(db: Db, sessionId: string, now: number): Promise<void> {
  await db
    .update(sessions)
    .set({ lastSeenAt: now })
    .where(
      and(
        eq(sessions.id, sessionId),
        lt(sessions.lastSeenAt, now),
        gt(sessions.lastSeenAt, now - SESSION_IDLE_MS),
        gt(sessions.expiresAt, now),
      ),
    );
}

/** An operator's own sessions that still stand, most recently active first (the sessions screen). */
export async function listOwnSessions(db: Db, accountId: string, operatorId: string, now: number) {
  const rows = await db
    .select({
      id: sessions.id,
      publicId: sessions.publicId,
      deviceLabel: sessions.deviceLabel,
      createdAt: sessions.createdAt,
      lastSeenAt: sessions.lastSeenAt,
      expiresAt: sessions.expiresAt,
    })
    .from(sessions)
    .where(
      and(
        eq(sessions.accountId, accountId),
        eq(sessions.operatorId, operatorId),
        gt(sessions.expiresAt, now),
        gt(sessions.lastSeenAt, now - SESSION_IDLE_MS),
      ),
    )
    .orderBy(desc(sessions.lastSeenAt))
    .limit(100);
  return rows.filter((row) => sessionExpiry(row, now) === null);
}

/** One of the operator's own sessions by its public id; undefined for anyone else's. */
export const findOwnSession = (db: Db, accountId: string, operatorId: string, publicId: string) =>
  db
    .select({ id: sessions.id })
    .from(sessions)
    .where(and(eq(sessions.accountId, accountId), eq(sessions.operatorId, operatorId), eq(sessions.publicId, publicId)))
    .get();

/** Up to `limit` sessions past their idle or absolute end, with why (for the sweep to end them). */
export async function expiredSessions(
  db: Db,
  now: number,
  limit: number,
): Promise<{ id: string; accountId: string; operatorId: string; reason: SessionExpiry }[]> {
  const rows = await db
    .select({
      id: sessions.id,
      accountId: sessions.accountId,
      operatorId: sessions.operatorId,
      lastSeenAt: sessions.lastSeenAt,
      expiresAt: sessions.expiresAt,
    })
    .from(sessions)
    .where(or(lte(sessions.expiresAt, now), lte(sessions.lastSeenAt, now - SESSION_IDLE_MS)))
    .limit(limit);
  return rows.map((row) => ({
    id: row.id,
    accountId: row.accountId,
    operatorId: row.operatorId,
    reason: sessionExpiry(row, now) ?? "expired",
  }));
}
