import { eq, lt, sql } from "drizzle-orm";
import type { Db } from "./client";
import { rateLimits } from "./schema";

/**
 * Counts one hit against `key` in a fixed window and returns the count so far in this window.
 * One upsert, so concurrent hits cannot both read a stale count.
 */
export async function hit(db: Db, key: string, windowMs: number, now: number): Promise<number> {
  const windowStart = now - (now % windowMs);
  const row = await db
    .insert(rateLimits)
    .values({ key, windowStart, count: 1 })
    .onConflictDoUpdate({
      target: rateLimits.key,
      set: {
        count: sql`CASE WHEN ${rateLimits.windowStart} = ${windowStart} THEN ${rateLimits.count} + 1 ELSE 1 END`,
        windowStart: sql`${windowStart}`,
      },
    })
    .returning({ count: rateLimits.count })
    .get();
  return row?.count ?? 1;
}

/** Forgets the hits against `key`. */
export async function clearHits(db: Db, key: string): Promise<void> {
  await db.delete(rateLimits).where(eq(rateLimits.key, key));
}

/** Deletes counters whose window ended `maxWindowMs` ago or more (run by the cron sweep). */
export async function deleteExpiredRateLimits(db: Db, maxWindowMs: number, now: number): Promise<void> {
  await db.delete(rateLimits).where(lt(rateLimits.windowStart, now - maxWindowMs));
}
