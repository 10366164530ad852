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
  // Each step on its own: one failing must not keep the others (retention above all) from running.
  const step = async <T>(name: string, run: () => Promise<T>, fallback: T): Promise<T> => {
    try {
      return await run();
    } catch (error) {
      console.error("sweep step failed", name, error instanceof Error ? error.name : "unknown");
      return fallback;
    }
  };
  await step("sessions", () => deleteExpiredSessions(db, now), undefined);
  await step("rate-limits", () => deleteExpiredRateLimits(db, LONGEST_RATE_WINDOW_MS, now), undefined);
  const reErased = await step("erasure-ledger", () => reapplyErasureLedger(env, db, now), 0);
  const expired = await step("retention", () => sweepRetention(env, db, now), 0);
  return { reErased, expired };
}
