import type { Context } from "hono";
import type { AppEnv } from "../app-env";
import { DUMMY_PASSWORD_HASH, hashPassword, needsRehash, verifyPassword } from "../crypto/password";
import { findOperatorByEmail } from "../db/auth";
import { directoryDb } from "../db/databases";
import { operators } from "../db/schema";
import { replacePasswordHash } from "../db/team";
import { HttpError, RetryLater } from "../errors";
import { enterAccountOf } from "../middleware/account-database";
import { recordPasswordRehashed } from "../privacy/revocations";
import { loginSubject, openLoginGate, passLoginGate, recordLoginFailure } from "./login-throttle";
import type { VerifiedOperator } from "./sign-in";

/** The operator a correct email and password name, as the sign-in paths go on with it. */
export interface PasswordOperator extends VerifiedOperator {
  /** For the account's sign-in policies (SSO only spares those who manage SSO). */
  roleId: string;
}

const invalidCredentials = () => new HttpError(401, "invalid_credentials", "The email or password is wrong.");

/**
 * Checks an email and password behind the sign-in throttle (src/auth/login-throttle.ts). Unknown
 * emails cost the same as known ones: the same counters, a verification against a dummy hash of
 * the same cost, the same answers. A correct password counts nowhere and re-hashes a hash stored at
 * other parameters. Throws RetryLater (429 with Retry-After) or invalid_credentials (401).
 */
export async function checkPassword(c: Context<AppEnv>, email: string, password: string): Promise<PasswordOperator> {
  const now = Date.now();
  // The operator's own database (src/db/databases.ts); an unknown email stays on the directory database.
  await enterAccountOf(c, operators, operators.email, email);
  const db = c.var.db;
  const operator = (await findOperatorByEmail(db, email)) ?? null;
  const subject = await loginSubject(c.env.TOKEN_SIGNING_KEY, operator?.id ?? null, email);
  // The throttle counts per client address across all accounts: in the directory database, whatever database the email leads to.
  const gate = await openLoginGate(directoryDb(c.env), { subject, clientAddress: c.req.header("CF-Connecting-IP") ?? "local", now });
  if (gate.retryAfterSeconds !== null) throw new RetryLater(gate.retryAfterSeconds);
  const passwordOk = await verifyPassword(password, operator?.passwordHash ?? DUMMY_PASSWORD_HASH);
  if (!operator || !passwordOk || operator.disabled) {
    // After the answer: an audit entry written only for known operators must not make them slower.
    c.executionCtx.waitUntil(
      recordLoginFailure(db, { subject, operator: operator ? { id: operator.id, accountId: operator.accountId } : null, now }).catch(
        (error: unknown) => {
          console.error("login failure not recorded", error instanceof Error ? error.name : "unknown");
        },
      ),
    );
    throw invalidCredentials();
  }
  await passLoginGate(directoryDb(c.env), gate);
  if (needsRehash(operator.passwordHash)) {
    const upgraded = await hashPassword(password);
    // The ledger follows the new hash, or a sweep would take it for a restored old one.
    if (await replacePasswordHash(db, operator.id, operator.passwordHash, upgraded))
      await recordPasswordRehashed(c.env, { operatorId: operator.id, passwordHash: upgraded });
  }
  return { id: operator.id, accountId: operator.accountId, roleId: operator.roleId };
}
