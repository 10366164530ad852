import { and, count, eq, isNotNull, isNull, lt, lte, or, sql } from "drizzle-orm";
import type { Db } from "./client";
import { operatorTotp, pendingSignIns, recoveryCodes } from "./schema";

// Second factors as stored: the operator's TOTP secret (sealed), their recovery codes (hashed) and
// sign-ins waiting for their second step. Every check that must not be passed twice (a time step,
// a recovery code, a pending sign-in) is one conditional statement, so two requests racing with
// the same code cannot both succeed.

export type TotpRow = typeof operatorTotp.$inferSelect;

/** The operator's authenticator, confirmed or awaiting its first code (operator ids are unique across accounts). */
export const findTotp = (db: Db, operatorId: string): Promise<TotpRow | undefined> =>
  db.select().from(operatorTotp).where(eq(operatorTotp.operatorId, operatorId)).get();

/**
 * Stores a new secret awaiting its first code, replacing an earlier unconfirmed one. False when the
 * operator already has a confirmed authenticator: that one is removed on purpose, never overwritten.
 */
export async function saveUnconfirmedTotp(
  db: Db,
  args: { accountId: string; operatorId: string; secretEnc: string; now: number },
): Promise<boolean> {
  const row = await db
    .insert(operatorTotp)
    .values({ operatorId: args.operatorId, accountId: args.accountId, secretEnc: args.secretEnc, createdAt: args.now })
    .onConflictDoUpdate({
      target: operatorTotp.operatorId,
      set: { secretEnc: args.secretEnc, createdAt: args.now, lastStep: null },
      setWhere: and(isNull(operatorTotp.confirmedAt), eq(operatorTotp.accountId, args.accountId)),
    })
    .returning({ operatorId: operatorTotp.operatorId })
    .get();
  return row !== undefined;
}

/**
 * Accepts time step `step` for the operator's authenticator: true only when it is later than the
 * last one accepted (a code seen once is never accepted again). `confirm` also completes enrolment.
 */
export async function acceptTotpStep(
  db: Db,
  args: { accountId: string; operatorId: string; step: number; confirm: boolean; now: number },
): Promise<boolean> {
  const row = await db
    .update(operatorTotp)
    .set({ lastStep: args.step, ...(args.confirm ? { confirmedAt: args.now } : {}) })
    .where(
      and(
        eq(operatorTotp.accountId, args.accountId),
        eq(operatorTotp.operatorId, args.operatorId),
        args.confirm ? isNull(operatorTotp.confirmedAt) : isNotNull(operatorTotp.confirmedAt),
        or(isNull(operatorTotp.lastStep), lt(operatorTotp.lastStep, args.step)),
      ),
    )
    .returning({ operatorId: operatorTotp.operatorId })
    .get();
  return row !== undefined;
}

/** Re-seals a secret under the ring's active key (key rotation); only if it is still `from`. */
export async function replaceTotpSecret(db: Db, args: { operatorId: string; from: string; to: string }): Promise<void> {
  await db
    .update(operatorTotp)
    .set({ secretEnc: args.to })
    .where(and(eq(operatorTotp.operatorId, args.operatorId), eq(operatorTotp.secretEnc, args.from)));
}

/** TOTP secrets not sealed with the ring key whose envelopes begin with `prefix` (key rotation). */
export const totpSecretsNotSealedWith = (db: Db, prefix: string, limit: number) =>
  db
    .select({ operatorId: operatorTotp.operatorId, accountId: operatorTotp.accountId, secretEnc: operatorTotp.secretEnc })
    .from(operatorTotp)
    .where(sql`substr(${operatorTotp.secretEnc}, 1, ${prefix.length}) <> ${prefix}`)
    .limit(limit);

/** Replaces all of the operator's recovery codes with these hashes (enrolment, regeneration). */
export async function replaceRecoveryCodes(
  db: Db,
  args: { accountId: string; operatorId: string; hashes: string[]; now: number },
): Promise<void> {
  await db.batch([
    db.delete(recoveryCodes).where(and(eq(recoveryCodes.accountId, args.accountId), eq(recoveryCodes.operatorId, args.operatorId))),
    db
      .insert(recoveryCodes)
      .values(args.hashes.map((codeHash) => ({ codeHash, accountId: args.accountId, operatorId: args.operatorId, createdAt: args.now }))),
  ]);
}

/** Spends one recovery code: true the first time, false for an unknown or already used one. */
export async function useRecoveryCode(
  db: Db,
  args: { accountId: string; operatorId: string; codeHash: string; now: number },
): Promise<boolean> {
  const row = await db
    .update(recoveryCodes)
    .set({ usedAt: args.now })
    .where(
      and(
        eq(recoveryCodes.codeHash, args.codeHash),
        eq(recoveryCodes.accountId, args.accountId),
        eq(recoveryCodes.operatorId, args.operatorId),
        isNull(recoveryCodes.usedAt),
      ),
    )
    .returning({ codeHash: recoveryCodes.codeHash })
    .get();
  return row !== undefined;
}

export async function countUnusedRecoveryCodes(db: Db, operatorId: string): Promise<number> {
  const row = await db
    .select({ n: count() })
    .from(recoveryCodes)
    .where(and(eq(recoveryCodes.operatorId, operatorId), isNull(recoveryCodes.usedAt)))
    .get();
  return row?.n ?? 0;
}

/**
 * Removes the operator's authenticator, recovery codes and waiting sign-ins; true when there was a
 * confirmed authenticator.
 */
export async function deleteTotpAndRecoveryCodes(db: Db, accountId: string, operatorId: string): Promise<boolean> {
  const [removed] = await db.batch([
    db
      .delete(operatorTotp)
      .where(and(eq(operatorTotp.accountId, accountId), eq(operatorTotp.operatorId, operatorId)))
      .returning({ confirmedAt: operatorTotp.confirmedAt }),
    db.delete(recoveryCodes).where(and(eq(recoveryCodes.accountId, accountId), eq(recoveryCodes.operatorId, operatorId))),
    db.delete(pendingSignIns).where(and(eq(pendingSignIns.accountId, accountId), eq(pendingSignIns.operatorId, operatorId))),
  ]);
  return removed.some((r) => r.confirmedAt !== null);
}

export async function createPendingSignIn(
  db: Db,
  args: { nonce: string; accountId: string; operatorId: string; expiresAt: number },
): Promise<void> {
  await db.insert(pendingSignIns).values(args);
}

/**
 * Counts one attempt against a pending sign-in and answers whether it may go on: false when it is
 * unknown, used, expired or out of attempts. Counted before the code is checked, so parallel
 * guesses cannot slip past the limit.
 */
export async function countPendingAttempt(
  db: Db,
  args: { nonce: string; operatorId: string; maxAttempts: number; now: number },
): Promise<boolean> {
  const row = await db
    .update(pendingSignIns)
    .set({ attempts: sql`${pendingSignIns.attempts} + 1` })
    .where(
      and(
        eq(pendingSignIns.nonce, args.nonce),
        eq(pendingSignIns.operatorId, args.operatorId),
        lt(pendingSignIns.attempts, args.maxAttempts),
        lt(sql`${args.now}`, pendingSignIns.expiresAt),
      ),
    )
    .returning({ attempts: pendingSignIns.attempts })
    .get();
  return row !== undefined;
}

/** Uses up a pending sign-in: true once, false when it was already used (or never existed). */
export async function consumePendingSignIn(db: Db, nonce: string, operatorId: string): Promise<boolean> {
  const row = await db
    .delete(pendingSignIns)
    .where(and(eq(pendingSignIns.nonce, nonce), eq(pendingSignIns.operatorId, operatorId)))
    .returning({ nonce: pendingSignIns.nonce })
    .get();
  return row !== undefined;
}

/** Whether the pending sign-in still stands (not used, not expired), without counting an attempt. */
export async function pendingSignInStands(db: Db, nonce: string, operatorId: string, now: number): Promise<boolean> {
  const row = await db
    .select({ nonce: pendingSignIns.nonce })
    .from(pendingSignIns)
    .where(and(eq(pendingSignIns.nonce, nonce), eq(pendingSignIns.operatorId, operatorId), lt(sql`${now}`, pendingSignIns.expiresAt)))
    .get();
  return row !== undefined;
}

/** Forgets expired pending sign-ins (run by the cron sweep); their tokens are refused by then anyway. */
export async function deleteExpiredPendingSignIns(db: Db, now: number): Promise<void> {
  await db.delete(pendingSignIns).where(lte(pendingSignIns.expiresAt, now));
}
