import { deleteExpiredSessions } from "../db/auth";
import type { Db } from "../db/client";
import { deleteExpiredRateLimits } from "../db/rate-limits";

/** The longest rate-limit window in use (new conversations per hour). */
const LONGEST_RATE_WINDOW_MS = 3_600_000;

/**
 * The cron sweep: deletes what has served its purpose. Today expired sessions and finished
 * rate-limit windows (whose hashed addresses must not linger); issue 3 adds retention.
 */
export async function runScheduledSweep(db: Db, now: number): Promise<void> {
  await deleteExpiredSessions(db, now);
  await deleteExpiredRateLimits(db, LONGEST_RATE_WINDOW_MS, now);
}
