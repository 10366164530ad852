import { and, eq, inArray, isNull, lt, ne } from "drizzle-orm";
import { sha256Hex } from "../crypto/encoding";
import { unusablePasswordHash } from "../crypto/password";
import { chunks, type Db } from "./client";
import { apiTokens, operators, passkeys, sessions } from "./schema";
import { deleteOperator } from "./team";

// What re-applying a revocation changes in D1 (src/privacy/revocations.ts keeps the ledger).
// Each returns how many rows it changed, so a run can tell whether a restore had undone anything.

/** Deletes these sessions (ids are SHA-256 of the cookies' tokens). */
export async function deleteSessions(db: Db, ids: string[]): Promise<number> {
  let changed = 0;
  for (const chunk of chunks(ids))
    changed += (await db.delete(sessions).where(inArray(sessions.id, chunk)).returning({ id: sessions.id })).length;
  return changed;
}

/** Marks these API tokens revoked at `at`, unless they are already. */
export async function revokeTokens(db: Db, ids: string[], at: number): Promise<number> {
  let changed = 0;
  for (const chunk of chunks(ids)) {
    changed += (
      await db
        .update(apiTokens)
        .set({ revokedAt: at })
        .where(and(inArray(apiTokens.id, chunk), isNull(apiTokens.revokedAt)))
        .returning({ id: apiTokens.id })
    ).length;
  }
  return changed;
}

/** Deletes these passkeys (credential ids), removed by their operators before a restore brought them back. */
export async function deletePasskeys(db: Db, ids: string[]): Promise<number> {
  let changed = 0;
  for (const chunk of chunks(ids))
    changed += (await db.delete(passkeys).where(inArray(passkeys.id, chunk)).returning({ id: passkeys.id })).length;
  return changed;
}

/** The SHA-256 of a password hash: enough to tell whether D1 still holds the current one, useless for guessing. */
export const passwordDigest = (passwordHash: string): Promise<string> => sha256Hex(passwordHash);

export interface OperatorRevocation {
  accountId: string;
  operatorId: string;
  /** Sessions and API tokens created before this moment are no longer valid. */
  credentialsBefore: number;
  /** The one older session that stays (it changed its own password); null or absent: none. */
  keptSessionId?: string | null;
  disabled: boolean;
  removed: boolean;
  /** passwordDigest() of the operator's current password hash, when a password was changed. */
  passwordDigest: string | null;
}

/** Re-applies what an operator's revocation says; returns how many rows it had to change. */
export async function reapplyOperatorRevocation(db: Db, r: OperatorRevocation): Promise<number> {
  const operator = await db.query.operators.findFirst({ where: and(eq(operators.accountId, r.accountId), eq(operators.id, r.operatorId)) });
  if (!operator) return 0;
  if (r.removed) return (await deleteOperator(db, r.accountId, r.operatorId)) ? 1 : 0;
  const [ended, revoked] = await db.batch([
    db
      .delete(sessions)
      .where(
        and(
          eq(sessions.operatorId, r.operatorId),
          lt(sessions.createdAt, r.credentialsBefore),
          r.keptSessionId ? ne(sessions.id, r.keptSessionId) : undefined,
        ),
      )
      .returning({ id: sessions.id }),
    db
      .update(apiTokens)
      .set({ revokedAt: r.credentialsBefore })
      .where(and(eq(apiTokens.operatorId, r.operatorId), lt(apiTokens.createdAt, r.credentialsBefore), isNull(apiTokens.revokedAt)))
      .returning({ id: apiTokens.id }),
  ]);
  let changed = ended.length + revoked.length;
  if (r.disabled && !operator.disabled) {
    await db.update(operators).set({ disabled: true }).where(eq(operators.id, r.operatorId));
    changed++;
  }
  // The restore brought back an older password: it must not work again. The newer one is lost with
  // the restore, so the operator gets a new password from an admin. The replacement is well formed,
  // in the current format, so a refused login costs the same time as any other.
  if (r.passwordDigest && (await passwordDigest(operator.passwordHash)) !== r.passwordDigest) {
    await db.update(operators).set({ passwordHash: unusablePasswordHash() }).where(eq(operators.id, r.operatorId));
    changed++;
  }
  return changed;
}
