import { deleteExpiredSessions } from "../db/auth";
import type { Db } from "../db/client";
import { deleteExpiredRateLimits } from "../db/rate-limits";
import { reapplyErasureLedger } from "./erasure";
import { sweepRetention } from "./retention";

/** The longest rate-limit window in use (new conversations per hour). */
const LONGEST_RATE_WINDOW_MS = 3_600_000;

export interface SweepReport {
  /** Conversations that had come back (a restore) and were erased again. */
  reErased: number;
  /** Conversations past their retention, erased now. */
  expired: number;
}

/**
 * The cron sweep deletes what has served its purpose: expired sessions, finished rate-limit
 * windows (their hashed addresses must not linger), erasures undone by a restore, and
 * conversations past their retention.
 */
export async function runScheduledSweep(env: Env, db: Db, now: number): Promise<SweepReport> {
  await deleteExpiredSessions(db, now);
  await deleteExpiredRateLimits(db, LONGEST_RATE_WINDOW_MS, now);
  const reErased = await reapplyErasureLedger(env, db);
  const expired = await sweepRetention(env, db, now);
  return { reErased, expired };
}
