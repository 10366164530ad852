import { deleteAbandonedUploads } from "../attachments/erase";
import { endExpiredSessions } from "../auth/end-sessions";
import { LOGIN_WINDOW_MS } from "../auth/login-throttle";
import { resealSsoSecrets } from "../auth/sso-config";
import { resealTotpSecrets } from "../auth/totp-factor";
import { sweepConsentTexts } from "../consent/archive";
import { resealWidgetSecrets } from "../conversation/verified-visitor";
import { sweepRegister } from "../data-requests/register";
import { deleteFinishedSalts } from "../db/address-salts";
import { deleteExpiredChallenges } from "../db/challenges";
import type { Db } from "../db/client";
import { deleteFinishedLoginAttempts } from "../db/login-attempts";
import { deleteExpiredRateLimits } from "../db/rate-limits";
import { deleteExpiredPendingSignIns } from "../db/second-factor";
import { runOutbox } from "../email/outbox";
import { resealWebhookSecrets } from "../webhooks/signing";
import { reapplyErasureLedger } from "./erasure-ledger";
import { type RotationReport, rewrapDataKeys } from "./key-rotation";
import { sweepRetention } from "./retention";
import { reapplyRevocations } from "./revocations";

/** The longest rate-limit window in use (new conversations per hour). */
const LONGEST_RATE_WINDOW_MS = 3_600_000;

export interface SweepReport {
  /** Conversations that had come back (a restore) and were erased again. */
  reErased: number;
  /** Conversations past their retention, erased now. */
  expired: number;
  /** Background key rotation; null when the key ring holds only its active key. */
  keyRotation: RotationReport | null;
}

/**
 * The cron sweep deletes what has served its purpose: expired sessions, finished rate-limit
 * windows and sign-in counters (their hashed addresses must not linger), the salts of days whose
 * windows have all ended, expired spent challenges and pending sign-ins, revocations and erasures
 * undone by a restore, conversations past their retention, disclaimer texts no receipt names any
 * more, answered data requests past the register's retention, and uploads no message carried. Then it re-wraps data keys (and
 * re-seals TOTP secrets) still on an older ring key.
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
  await step("sessions", () => endExpiredSessions(env, db, now), 0);
  await step("rate-limits", () => deleteExpiredRateLimits(db, LONGEST_RATE_WINDOW_MS, now), undefined);
  await step("login-attempts", () => deleteFinishedLoginAttempts(db, LOGIN_WINDOW_MS, now), undefined);
  await step("address-salts", () => deleteFinishedSalts(db, now), undefined);
  await step("challenges", () => deleteExpiredChallenges(db, now), undefined);
  await step("pending-sign-ins", () => deleteExpiredPendingSignIns(db, now), undefined);
  await step("revocations", () => reapplyRevocations(env, db), 0);
  const reErased = await step("erasure-ledger", async () => (await reapplyErasureLedger(env, db, now)).reErased, 0);
  const expired = await step("retention", () => sweepRetention(env, db, now), 0);
  // After retention: texts whose last receipt went with a conversation erased just now go too.
  await step("consent-texts", () => sweepConsentTexts(db, now), 0);
  await step("data-request-register", () => sweepRegister(db, now), 0);
  // After retention: emails of conversations erased just now went with them. Failed emails past
  // their keeping time are deleted here too.
  await step("email-outbox", () => runOutbox(env, db, now), null);
  await step("abandoned-uploads", () => deleteAbandonedUploads(env, db, now), 0);
  // After retention, so keys about to be erased are not re-wrapped first.
  const keyRotation = await step("key-rotation", () => rewrapDataKeys(env, db), null);
  // Counts and a key id only: what an operator watches (wrangler tail) to know when the old key can go.
  if (keyRotation) console.log("key rotation", JSON.stringify(keyRotation));
  // TOTP secrets are sealed with ring keys directly; the old key can go once none remains on it.
  const totpRotation = await step("totp-rotation", () => resealTotpSecrets(env, db), null);
  if (totpRotation) console.log("totp key rotation", JSON.stringify(totpRotation));
  const ssoRotation = await step("sso-key-rotation", () => resealSsoSecrets(env, db), null);
  if (ssoRotation) console.log("key rotation of SSO client secrets", JSON.stringify(ssoRotation));
  const widgetRotation = await step("widget-secret-rotation", () => resealWidgetSecrets(env, db), null);
  if (widgetRotation) console.log("key rotation of widget identity secrets", JSON.stringify(widgetRotation));
  const webhookRotation = await step("webhook-key-rotation", () => resealWebhookSecrets(env, db), null);
  if (webhookRotation) console.log("key rotation of webhook secrets", JSON.stringify(webhookRotation));
  return { reErased, expired, keyRotation };
}
