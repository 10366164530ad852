import { and, eq } from "drizzle-orm";
import { envelopeKeyId, envelopePrefix } from "../crypto/envelope";
import { loadKeyRing, openOperatorSecret, sealOperatorSecret } from "../crypto/key-ring";
import { verifyPassword } from "../crypto/password";
import { audit } from "../db/audit";
import type { Principal } from "../db/auth";
import type { Db } from "../db/client";
import { deleteOperatorPasskeys } from "../db/passkeys";
import { operators, passkeys } from "../db/schema";
import {
  acceptTotpStep,
  countUnusedRecoveryCodes,
  deleteTotpAndRecoveryCodes,
  findTotp,
  replaceRecoveryCodes,
  replaceTotpSecret,
  saveUnconfirmedTotp,
  totpSecretsNotSealedWith,
  useRecoveryCode,
} from "../db/second-factor";
import { HttpError } from "../errors";
import { auditAction } from "../privacy/audit";
import { recordPasskeyRemoved } from "../privacy/revocations";
import type { Reauthentication, SecondFactorStatus, TotpEnrolment } from "../shared/api";
import { endOperatorSessions } from "./end-sessions";
import {
  auditSecondFactorFailure,
  clearSecondFactorAttempts,
  countSecondFactorAttempt,
  invalidCode,
  secondFactorMethods,
  twoFactorRequired,
} from "./second-factor";
import type { VerifiedOperator } from "./sign-in";
import { hashRecoveryCode, newRecoveryCodes, newTotpSecret, totpStep, totpUri } from "./totp";

// The TOTP factor and its recovery codes: enrolment, the checks a sign-in or a re-authentication
// runs, and removal (by the operator, or by an administrator as a reset).

const FIELD = "operator.totp_secret";

/**
 * True when `code` is the operator's current TOTP code and its time step was not used before; the
 * step is then used up. A secret still sealed with an older ring key is sealed again with the active
 * one (key rotation).
 */
export async function checkTotp(env: Env, db: Db, operator: VerifiedOperator, code: string, now = Date.now()): Promise<boolean> {
  const row = await findTotp(db, operator.id);
  if (!row || row.confirmedAt === null || row.accountId !== operator.accountId) return false;
  const ring = await loadKeyRing(env.KEY_RING);
  const secret = await openOperatorSecret(ring, row.secretEnc, operator.accountId, operator.id, FIELD);
  const step = totpStep(secret, code, now);
  if (step === null || !(await acceptTotpStep(db, { accountId: operator.accountId, operatorId: operator.id, step, confirm: false, now })))
    return false;
  if (envelopeKeyId(row.secretEnc) !== ring.activeId) {
    await replaceTotpSecret(db, {
      operatorId: operator.id,
      from: row.secretEnc,
      to: await sealOperatorSecret(ring, operator.accountId, operator.id, FIELD, secret),
    });
  }
  return true;
}

/** TOTP secrets one sweep re-seals at most; a deployment has few operators, so one run usually finishes. */
const RESEAL_BATCH = 500;

/**
 * Key rotation for TOTP secrets: seals those still on an older ring key with the active one (the
 * hourly sweep). Answers how many it re-sealed and how many remain on another key; null when the
 * ring holds only its active key. A secret that cannot be opened (its key already gone) is left.
 */
export async function resealTotpSecrets(env: Env, db: Db): Promise<{ resealed: number; remaining: number } | null> {
  const ring = await loadKeyRing(env.KEY_RING);
  if (ring.keys.size === 1) return null;
  const rows = await totpSecretsNotSealedWith(db, envelopePrefix(ring.activeId), RESEAL_BATCH);
  let resealed = 0;
  for (const row of rows) {
    try {
      const secret = await openOperatorSecret(ring, row.secretEnc, row.accountId, row.operatorId, FIELD);
      await replaceTotpSecret(db, {
        operatorId: row.operatorId,
        from: row.secretEnc,
        to: await sealOperatorSecret(ring, row.accountId, row.operatorId, FIELD, secret),
      });
      resealed++;
    } catch (error) {
      console.error("key rotation failed for a TOTP secret", error instanceof Error ? error.name : "unknown");
    }
  }
  return { resealed, remaining: (await totpSecretsNotSealedWith(db, envelopePrefix(ring.activeId), RESEAL_BATCH)).length };
}

/** True when `code` is one of the operator's unused recovery codes; it is then used up. */
export async function checkRecoveryCode(db: Db, operator: VerifiedOperator, code: string, now = Date.now()): Promise<boolean> {
  return useRecoveryCode(db, {
    accountId: operator.accountId,
    operatorId: operator.id,
    codeHash: await hashRecoveryCode(operator.id, code),
    now,
  });
}

/**
 * Starts (or restarts) enrolment: a new secret, sealed and stored awaiting its first code. The
 * secret is answered now and never again. 409 when an authenticator is already confirmed.
 */
export async function startTotpEnrolment(env: Env, db: Db, operator: VerifiedOperator & { email: string }): Promise<TotpEnrolment> {
  const secret = newTotpSecret();
  const ring = await loadKeyRing(env.KEY_RING);
  const secretEnc = await sealOperatorSecret(ring, operator.accountId, operator.id, FIELD, secret);
  if (!(await saveUnconfirmedTotp(db, { accountId: operator.accountId, operatorId: operator.id, secretEnc, now: Date.now() }))) {
    throw new HttpError(409, "already_enrolled", "An authenticator is already set up. Remove it first to set up another.");
  }
  return { secret, uri: totpUri(secret, operator.email) };
}

/**
 * Completes enrolment with the first code from the app: the authenticator counts from now on, and
 * ten new recovery codes are made and answered (shown once; only their hashes stay).
 */
export async function confirmTotpEnrolment(env: Env, db: Db, operator: VerifiedOperator, code: string): Promise<string[]> {
  const now = Date.now();
  const row = await findTotp(db, operator.id);
  if (!row || row.accountId !== operator.accountId)
    throw new HttpError(409, "enrolment_not_started", "Start setting up an authenticator first.");
  if (row.confirmedAt !== null) throw new HttpError(409, "already_enrolled", "An authenticator is already set up.");
  const secret = await openOperatorSecret(await loadKeyRing(env.KEY_RING), row.secretEnc, operator.accountId, operator.id, FIELD);
  const step = totpStep(secret, code, now);
  if (step === null || !(await acceptTotpStep(db, { accountId: operator.accountId, operatorId: operator.id, step, confirm: true, now }))) {
    await auditSecondFactorFailure(db, operator, "totp", now);
    throw invalidCode();
  }
  await clearSecondFactorAttempts(db, operator.id);
  const codes = await storeNewRecoveryCodes(db, operator, now);
  await audit(db, {
    accountId: operator.accountId,
    actorKind: "operator",
    actorId: operator.id,
    action: "second_factor.enrolled",
    targetType: "second_factor_method",
    targetId: "totp",
    now,
  });
  return codes;
}

async function storeNewRecoveryCodes(db: Db, operator: VerifiedOperator, now: number): Promise<string[]> {
  const codes = newRecoveryCodes();
  await replaceRecoveryCodes(db, {
    accountId: operator.accountId,
    operatorId: operator.id,
    hashes: await Promise.all(codes.map((c) => hashRecoveryCode(operator.id, c))),
    now,
  });
  return codes;
}

/**
 * Proof that the operator is at the keyboard, not only their session: the current password, a TOTP
 * code or a recovery code. Counted against the operator's second-factor attempts.
 */
export async function requireReauthentication(env: Env, db: Db, operator: VerifiedOperator, proof: Reauthentication): Promise<void> {
  const now = Date.now();
  await countSecondFactorAttempt(db, operator, null, now);
  if (proof.password !== undefined) {
    const row = await db
      .select({ passwordHash: operators.passwordHash })
      .from(operators)
      .where(and(eq(operators.id, operator.id), eq(operators.accountId, operator.accountId)))
      .get();
    if (!row || !(await verifyPassword(proof.password, row.passwordHash)))
      throw new HttpError(400, "invalid_password", "The password is wrong.");
  } else {
    const code = proof.code ?? "";
    const ok = (await checkTotp(env, db, operator, code, now)) || (await checkRecoveryCode(db, operator, code, now));
    if (!ok) {
      await auditSecondFactorFailure(db, operator, "totp", now);
      throw invalidCode();
    }
  }
  await clearSecondFactorAttempts(db, operator.id);
}

/** New recovery codes in place of all earlier ones; needs a confirmed authenticator. */
export async function regenerateRecoveryCodes(db: Db, operator: VerifiedOperator): Promise<string[]> {
  const now = Date.now();
  if ((await findTotp(db, operator.id))?.confirmedAt == null) throw new HttpError(409, "not_enrolled", "Set up an authenticator first.");
  const codes = await storeNewRecoveryCodes(db, operator, now);
  await audit(db, {
    accountId: operator.accountId,
    actorKind: "operator",
    actorId: operator.id,
    action: "second_factor.recovery_codes_regenerated",
    targetType: "operator",
    targetId: operator.id,
    now,
  });
  return codes;
}

/**
 * The operator removes their own authenticator and recovery codes. Refused while the account
 * requires two factors and nothing else (a passkey) would remain.
 */
export async function disableOwnTotp(db: Db, operator: VerifiedOperator): Promise<void> {
  const now = Date.now();
  const others = (await secondFactorMethods(db, operator)).filter((m) => m !== "totp" && m !== "recovery_code");
  if (others.length === 0 && (await twoFactorRequired(db, operator.accountId))) {
    throw new HttpError(409, "second_factor_required", "Your account requires a second factor; it cannot be removed.");
  }
  if (!(await deleteTotpAndRecoveryCodes(db, operator.accountId, operator.id)))
    throw new HttpError(409, "not_enrolled", "No authenticator is set up.");
  await audit(db, {
    accountId: operator.accountId,
    actorKind: "operator",
    actorId: operator.id,
    action: "second_factor.disabled",
    targetType: "operator",
    targetId: operator.id,
    now,
  });
}

/** The caller's own second factor, as the Security screen shows it. */
export async function secondFactorStatus(db: Db, operator: VerifiedOperator): Promise<SecondFactorStatus> {
  const totp = await findTotp(db, operator.id);
  return {
    methods: await secondFactorMethods(db, operator),
    totp: { enrolled: totp?.confirmedAt != null, enrolledAt: totp?.confirmedAt ?? null },
    recoveryCodesLeft: totp?.confirmedAt != null ? await countUnusedRecoveryCodes(db, operator.id) : 0,
    required: await twoFactorRequired(db, operator.accountId),
  };
}

/**
 * An administrator removes another operator's second factor (a lost phone): authenticator, recovery
 * codes and waiting sign-ins go, the reset is audited with who did it, and every session of that
 * operator ends, so whoever held one must sign in again. Their passkeys go too (to the revocation
 * ledger as well, so a D1 restore cannot bring one back): a reset is for a lost or taken device.
 */
export async function resetSecondFactor(env: Env, db: Db, p: Principal, operatorId: string): Promise<void> {
  const now = Date.now();
  await deleteTotpAndRecoveryCodes(db, p.account.id, operatorId);
  const removed = await deleteOperatorPasskeys(db, p.account.id, operatorId).returning({ id: passkeys.id });
  await Promise.all(removed.map((row) => recordPasskeyRemoved(env, p.account.id, row.id, now)));
  await auditAction(db, p, { action: "second_factor.reset", targetType: "operator", targetId: operatorId, count: 1, now });
  await endOperatorSessions(env, db, { accountId: p.account.id, operatorId, reason: "second_factor_reset", actorId: p.operator.id, now });
}
