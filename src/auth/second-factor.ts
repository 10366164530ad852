import type { Context } from "hono";
import { z } from "zod";
import type { AppEnv } from "../app-env";
import { randomToken } from "../crypto/encoding";
import { readToken, signToken, type TokenKind } from "../crypto/signed-token";
import { audit } from "../db/audit";
import type { Db } from "../db/client";
import { countPasskeys } from "../db/passkeys";
import { clearHits, hit } from "../db/rate-limits";
import {
  consumePendingSignIn,
  countPendingAttempt,
  countUnusedRecoveryCodes,
  createPendingSignIn,
  findTotp,
  pendingSignInStands,
} from "../db/second-factor";
import { findAccount } from "../db/settings";
import { HttpError } from "../errors";
import { enterAccount } from "../middleware/account-database";
import type { LoginAnswer, Me, SecondFactorChallenge, SecondFactorMethod } from "../shared/api";
import { beginSession, type SignInMethod, type VerifiedOperator } from "./sign-in";

// The second step of a sign-in. After the right password, an operator with a second factor gets
// no session but a pending token; the session begins only once a factor is proven with it
// (completeSecondFactor). Under the account's "require two factors" policy an operator without one
// gets a pending token that allows nothing but enrolment.
// A passkey is a second factor too: the pending token then also opens a passkey assertion for that
// operator's own passkeys (src/routes/second-factor.ts).

export const PENDING_SIGN_IN_MS = 5 * 60 * 1000;
/** Codes one pending token may try; then the sign-in starts over from the password. */
export const PENDING_MAX_ATTEMPTS = 5;
/** Second-factor attempts per operator in SECOND_FACTOR_WINDOW_MS, whatever the token: bounds guessing 6 digits. */
export const SECOND_FACTOR_LIMIT = 10;
const SECOND_FACTOR_WINDOW_MS = 15 * 60 * 1000;

/** What can be enrolled under the policy at sign-in. */
const ENROLLABLE: SecondFactorMethod[] = ["totp"];

const PENDING_TOKEN: TokenKind = { version: "sf1", purpose: "pending-sign-in" };
const pendingClaimsSchema = z.object({ n: z.string(), o: z.string(), a: z.string(), s: z.enum(["verify", "enrol"]), e: z.number().int() });

/** A sign-in waiting for its second step, as its token says. */
export interface PendingSignIn extends VerifiedOperator {
  nonce: string;
  step: "verify" | "enrol";
}

/** The second factors the operator can sign in with now: an authenticator app (and its recovery codes), passkeys. */
export async function secondFactorMethods(db: Db, operator: VerifiedOperator): Promise<SecondFactorMethod[]> {
  const operatorId = operator.id;
  const methods: SecondFactorMethod[] = [];
  const totp = await findTotp(db, operatorId);
  if (totp?.confirmedAt != null) {
    methods.push("totp");
    if ((await countUnusedRecoveryCodes(db, operatorId)) > 0) methods.push("recovery_code");
  }
  if ((await countPasskeys(db, operator.accountId, operatorId)) > 0) methods.push("passkey");
  return methods;
}

/** Whether the operator has any second factor (the policy's question); recovery codes alone do not count. */
export async function hasSecondFactor(db: Db, operator: VerifiedOperator): Promise<boolean> {
  return (await secondFactorMethods(db, operator)).some((m) => m !== "recovery_code");
}

/** Whether the operator's account requires two factors of everyone. */
export async function twoFactorRequired(db: Db, accountId: string): Promise<boolean> {
  return (await findAccount(db, accountId))?.requireTwoFactor === true;
}

/**
 * After a correct password: a session when no second factor applies (the Me answer, as before),
 * otherwise the second step to take.
 */
export async function afterFirstFactor(c: Context<AppEnv>, operator: VerifiedOperator): Promise<LoginAnswer> {
  const db = c.var.db;
  const methods = await secondFactorMethods(db, operator);
  if (methods.length > 0) return issuePendingSignIn(c, operator, "verify", methods);
  if (await twoFactorRequired(db, operator.accountId)) return issuePendingSignIn(c, operator, "enrol", ENROLLABLE);
  return beginSession(c, operator, "password");
}

async function issuePendingSignIn(
  c: Context<AppEnv>,
  operator: VerifiedOperator,
  step: PendingSignIn["step"],
  methods: SecondFactorMethod[],
): Promise<SecondFactorChallenge> {
  const nonce = randomToken();
  const expiresAt = Date.now() + PENDING_SIGN_IN_MS;
  await createPendingSignIn(c.var.db, { nonce, accountId: operator.accountId, operatorId: operator.id, expiresAt });
  const token = await signToken(c.env.TOKEN_SIGNING_KEY, PENDING_TOKEN, {
    n: nonce,
    o: operator.id,
    a: operator.accountId,
    s: step,
    e: expiresAt,
  });
  return { secondFactor: { token, step, methods, expiresAt } };
}

const expired = () =>
  new HttpError(401, "second_factor_expired", "This sign-in has expired or was already used. Sign in again with your password.");
export const invalidCode = () => new HttpError(400, "invalid_code", "The code is wrong or was already used.");

/**
 * Reads a pending token for `step`; a forged, expired, used or other-step token is refused alike.
 * The row must still stand: a token is worthless once used, reset or swept.
 */
export async function readPendingSignIn(c: Context<AppEnv>, token: string, step: PendingSignIn["step"]): Promise<PendingSignIn> {
  const claims = await readToken(c.env.TOKEN_SIGNING_KEY, PENDING_TOKEN, token, pendingClaimsSchema);
  const now = Date.now();
  if (!claims || claims.s !== step || now >= claims.e) throw expired();
  // The signed token names its account: the second step happens in that account's database.
  await enterAccount(c, claims.a);
  if (!(await pendingSignInStands(c.var.db, claims.n, claims.o, now))) throw expired();
  return { nonce: claims.n, id: claims.o, accountId: claims.a, step };
}

/**
 * Counts one code attempt against the pending sign-in and against the operator: refuses once the
 * token has had PENDING_MAX_ATTEMPTS (the sign-in starts over) or the operator SECOND_FACTOR_LIMIT
 * in the window, however many tokens an attacker with the password fetches.
 */
export async function countSecondFactorAttempt(db: Db, operator: VerifiedOperator, nonce: string | null, now: number): Promise<void> {
  if (nonce && !(await countPendingAttempt(db, { nonce, operatorId: operator.id, maxAttempts: PENDING_MAX_ATTEMPTS, now })))
    throw expired();
  if ((await hit(db, secondFactorKey(operator.id), SECOND_FACTOR_WINDOW_MS, now)) > SECOND_FACTOR_LIMIT) {
    throw new HttpError(429, "too_many_attempts", "Too many wrong codes. Wait 15 minutes and try again.");
  }
}

const secondFactorKey = (operatorId: string) => `second-factor:operator:${operatorId}`;

/** A right code ends the count, so an operator who mistyped a few times is not held back later. */
export const clearSecondFactorAttempts = (db: Db, operatorId: string): Promise<void> => clearHits(db, secondFactorKey(operatorId));

/** Audits a wrong second factor; the method says which. */
export const auditSecondFactorFailure = (db: Db, operator: VerifiedOperator, method: SecondFactorMethod, now: number): Promise<void> =>
  audit(db, {
    accountId: operator.accountId,
    actorKind: "operator",
    actorId: operator.id,
    action: "second_factor.failed",
    targetType: "second_factor_method",
    targetId: method,
    now,
  });

/**
 * Finishes a sign-in with a second factor: `check` proves `method` for the pending operator (and
 * uses up what must not serve twice: a time step, a recovery code). On success the pending token is
 * spent and the session begins with the combined method.
 */
export async function completeSecondFactor(
  c: Context<AppEnv>,
  token: string,
  method: SecondFactorMethod,
  check: (operator: PendingSignIn) => Promise<boolean>,
): Promise<Me> {
  const pending = await readPendingSignIn(c, token, "verify");
  // After the token: it names the account, whose database the request now uses.
  const db = c.var.db;
  const now = Date.now();
  await countSecondFactorAttempt(db, pending, pending.nonce, now);
  if (!(await check(pending))) {
    await auditSecondFactorFailure(db, pending, method, now);
    throw invalidCode();
  }
  if (!(await consumePendingSignIn(db, pending.nonce, pending.id))) throw expired();
  await clearSecondFactorAttempts(db, pending.id);
  if (method === "recovery_code") {
    await audit(db, {
      accountId: pending.accountId,
      actorKind: "operator",
      actorId: pending.id,
      action: "second_factor.recovery_code_used",
      targetType: "operator",
      targetId: pending.id,
      now,
    });
  }
  return beginSession(c, pending, `password+${method}` satisfies SignInMethod);
}
