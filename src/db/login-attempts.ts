import { and, eq, lt, type SQL, sql } from "drizzle-orm";
import type { Db } from "./client";
import { loginAttempts } from "./schema";

/** One counter's rule: the moment the n-th attempt of a window locks the counter until, should it fail (0: no wait). */
export type LockSchedule = (attempt: number) => number;

export interface Reservation {
  key: string;
  /** This attempt's random nonce; the counter holds it while this was the latest attempt let through. */
  nonce: string;
  /** False when the counter was locked: the attempt is refused and nothing was counted. */
  allowed: boolean;
  /** Attempts counted in the counter's window, this one included when allowed. */
  count: number;
  /** Until when the next attempt must wait (epoch ms; may be in the past). */
  lockedUntil: number;
}

/**
 * Counts one attempt against `key`, unless the counter is locked, and in the same statement locks it
 * as `schedule` says the attempt's number deserves, as if it will fail: a parallel attempt then
 * finds the lock already there, so no guess slips past it. One upsert, atomic in D1.
 * `maxScheduled` bounds the table the schedule is written into; attempts past it lock as the last one.
 */
export function reserveAttemptStatement(
  db: Db,
  args: { key: string; nonce: string; windowStart: number; now: number; schedule: LockSchedule; maxScheduled: number },
) {
  const { key, nonce, windowStart, now, schedule, maxScheduled } = args;
  // The schedule as a CASE over the attempt's number, so the lock is computed inside the statement.
  const whens: SQL[] = [];
  for (let n = 1; n <= maxScheduled; n++) whens.push(sql`WHEN ${sql.raw(String(n))} THEN ${schedule(n)}`);
  const lockFor = (attempt: SQL) => sql`CASE ${attempt} ${sql.join(whens, sql` `)} ELSE ${schedule(maxScheduled)} END`;
  const locked = sql`${loginAttempts.lockedUntil} > ${now}`;
  const newWindow = sql`${loginAttempts.windowStart} <> ${windowStart}`;
  return db
    .insert(loginAttempts)
    .values({ key, windowStart, count: 1, lockedUntil: schedule(1), attempt: nonce })
    .onConflictDoUpdate({
      target: loginAttempts.key,
      // SQLite evaluates every SET expression against the row as it was before this update.
      set: {
        count: sql`CASE WHEN ${locked} THEN ${loginAttempts.count} WHEN ${newWindow} THEN 1 ELSE ${loginAttempts.count} + 1 END`,
        lockedUntil: sql`CASE WHEN ${locked} THEN ${loginAttempts.lockedUntil} WHEN ${newWindow} THEN ${schedule(1)} ELSE ${lockFor(sql`${loginAttempts.count} + 1`)} END`,
        attempt: sql`CASE WHEN ${locked} THEN ${loginAttempts.attempt} ELSE ${nonce} END`,
        windowStart: sql`CASE WHEN ${locked} THEN ${loginAttempts.windowStart} ELSE ${windowStart} END`,
      },
    })
    .returning({ count: loginAttempts.count, lockedUntil: loginAttempts.lockedUntil, attempt: loginAttempts.attempt });
}

/** Reads the answer of reserveAttemptStatement for `key` and `nonce`. */
export function toReservation(key: string, nonce: string, rows: { count: number; lockedUntil: number; attempt: string }[]): Reservation {
  const row = rows[0];
  if (!row) throw new Error("login attempt not counted");
  return { key, nonce, allowed: row.attempt === nonce, count: row.count, lockedUntil: row.lockedUntil };
}

/**
 * Takes an attempt that was let through back (a correct password, or one refused by another
 * counter): one less in the count, and no lock from it while it is still the latest attempt (the
 * lock before it had run out, or it would not have been let through). Within its window only.
 */
export async function releaseAttempt(db: Db, r: Reservation, windowStart: number): Promise<void> {
  await db
    .update(loginAttempts)
    .set({
      count: sql`max(${loginAttempts.count} - 1, 0)`,
      lockedUntil: sql`CASE WHEN ${loginAttempts.attempt} = ${r.nonce} THEN 0 ELSE ${loginAttempts.lockedUntil} END`,
    })
    .where(and(eq(loginAttempts.key, r.key), eq(loginAttempts.windowStart, windowStart)));
}

/** Forgets a counter (an operator who signed in from this address is no longer being guessed at from it). */
export async function clearAttempts(db: Db, key: string): Promise<void> {
  await db.delete(loginAttempts).where(eq(loginAttempts.key, key));
}

/** Deletes counters whose window and wait have both ended (run by the cron sweep). */
export async function deleteFinishedLoginAttempts(db: Db, windowMs: number, now: number): Promise<void> {
  await db.delete(loginAttempts).where(and(lt(loginAttempts.windowStart, now - windowMs), lt(loginAttempts.lockedUntil, now)));
}
