import { lt } from "drizzle-orm";
import type { Db } from "./client";
import { spentChallenges } from "./schema";

/**
 * Marks a proof-of-work challenge as used. True the first time, false for a replay: one insert,
 * so two starts racing with the same solution cannot both pass.
 */
export async function spendChallenge(db: Db, nonce: string, expiresAt: number): Promise<boolean> {
  const row = await db
    .insert(spentChallenges)
    .values({ nonce, expiresAt })
    .onConflictDoNothing()
    .returning({ nonce: spentChallenges.nonce })
    .get();
  return row !== undefined;
}

/** Forgets spent challenges that have expired: their signature check refuses them by then (run by the cron sweep). */
export async function deleteExpiredChallenges(db: Db, now: number): Promise<void> {
  await db.delete(spentChallenges).where(lt(spentChallenges.expiresAt, now));
}
