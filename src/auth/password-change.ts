import { eq } from "drizzle-orm";
import { revokeOperatorSockets } from "../conversation/session-sockets";
import { hashPassword, verifyPassword } from "../crypto/password";
import { audit } from "../db/audit";
import { type Principal, revokeOperatorApiTokens } from "../db/auth";
import type { Db } from "../db/client";
import { hit } from "../db/rate-limits";
import { operators } from "../db/schema";
import { updateOperator } from "../db/team";
import { HttpError } from "../errors";
import { recordOperatorChange } from "../privacy/revocations";
import type { ChangePassword, PasswordChanged } from "../shared/api";
import { endOperatorSessions } from "./end-sessions";

/**
 * Attempts to change the password per operator and quarter hour. Only someone already holding a
 * session can try, so a limit per operator locks out no one but that session's holder.
 */
const ATTEMPT_WINDOW_MS = 15 * 60 * 1000;
const ATTEMPTS_PER_OPERATOR = 10;

/**
 * An operator changes their own password, proving it with the current one. The session that asked
 * stays signed in; every other session ends (sockets closed within the request), and every API
 * token of the operator is revoked: a password is changed when it may have leaked, and whoever
 * held it could have made tokens. All of it goes to the revocation ledger, so a D1 restore
 * brings back neither the old password nor the ended credentials.
 */
export async function changeOwnPassword(env: Env, db: Db, p: Principal, body: ChangePassword, now: number): Promise<PasswordChanged> {
  const accountId = p.account.id;
  const operatorId = p.operator.id;
  const attemptsKey = `password-change:operator:${operatorId}`;
  // Counted before the check, so parallel guesses cannot slip past.
  if ((await hit(db, attemptsKey, ATTEMPT_WINDOW_MS, now)) > ATTEMPTS_PER_OPERATOR) {
    throw new HttpError(429, "too_many_attempts", "Too many attempts. Wait 15 minutes and try again.");
  }
  const row = await db.select({ passwordHash: operators.passwordHash }).from(operators).where(eq(operators.id, operatorId)).get();
  if (!row || !(await verifyPassword(body.currentPassword, row.passwordHash))) {
    await audit(db, {
      accountId,
      actorKind: "operator",
      actorId: operatorId,
      action: "password.change_failed",
      targetType: "operator",
      targetId: operatorId,
      now,
    });
    throw new HttpError(403, "invalid_current_password", "The current password is wrong.");
  }
  if (body.newPassword === body.currentPassword)
    throw new HttpError(400, "password_unchanged", "The new password must differ from the current one.");

  const passwordHash = await hashPassword(body.newPassword);
  await updateOperator(db, accountId, operatorId, { passwordHash });
  // Ledger first for what follows: if the request dies half-way, the sweep finishes the job.
  await recordOperatorChange(env, { accountId, operatorId, now, passwordHash, keepSessionId: p.credential.id });
  const endedSessions = await endOperatorSessions(env, db, {
    accountId,
    operatorId,
    keepSessionId: p.credential.id,
    reason: "password_changed",
    actorId: operatorId,
    now,
  });
  const tokenIds = await revokeOperatorApiTokens(db, accountId, operatorId, now);
  for (const id of tokenIds) await revokeOperatorSockets(env, db, accountId, operatorId, id);
  if (tokenIds.length > 0) {
    await audit(db, {
      accountId,
      actorKind: "operator",
      actorId: operatorId,
      action: "api_token.revoked_on_password_change",
      targetType: "operator",
      targetId: operatorId,
      count: tokenIds.length,
      now,
    });
  }
  await audit(db, {
    accountId,
    actorKind: "operator",
    actorId: operatorId,
    action: "password.changed",
    targetType: "operator",
    targetId: operatorId,
    now,
  });
  return { endedSessions, revokedTokens: tokenIds.length };
}
