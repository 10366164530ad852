import { openConversationVault } from "../conversation/vault";
import type { ConversationCipher } from "../crypto/key-ring";
import { type KeyRing, loadKeyRing, openOutboxField, sealOutboxField } from "../crypto/key-ring";
import type { Db } from "../db/client";
import { newId } from "../db/client";
import {
  claimOutboxRow,
  dueOutboxIds,
  failedOutboxIdsBefore,
  insertOutboxRows,
  type NewOutboxRow,
  type OutboxKind,
  type OutboxRow,
  outboxRowsOf,
  recordOutboxFailure,
  shredOutboxRows,
} from "../db/outbox";
import type { EmailField } from "../shared/cipher-fields";
import { type MailMessage, type SmtpConfig, SmtpError, sendMail, smtpConfigFrom } from "./smtp";

// The outbox: every email is written to D1 first, sealed, then delivered at once and, when that
// fails, again by the cron with growing pauses. A delivered email's row is shredded at once, so the
// outbox only ever holds what is still to be sent, or what failed for good (kept for admins to
// retry, then deleted by the sweep).

/** Pauses after the 1st, 2nd, … failed attempt; after the last, the email has failed. */
export const RETRY_DELAYS_MS = [60_000, 5 * 60_000, 15 * 60_000, 60 * 60_000, 4 * 60 * 60_000] as const;
/** How long an attempt holds its entry before another may try it (a delivery takes at most 20 s). */
const CLAIM_LEASE_MS = 2 * 60_000;
/** A failed email is kept this long after its last attempt, for admins to see and retry, then deleted. */
export const OUTBOX_FAILED_KEEP_MS = 14 * 24 * 60 * 60_000;
/** The cron trigger (wrangler.toml) that only delivers email, so a 1-minute retry waits 5 minutes at most, not an hour. */
export const EMAIL_CRON = "*/5 * * * *";
/** Entries one cron run delivers at most (each opens its own connection). */
const DELIVERIES_PER_RUN = 50;

/** What sending email needs: the SMTP server and this deployment's public origin for links. */
export interface EmailSetup {
  smtp: SmtpConfig;
  /** e.g. "https://chat.example.eu", no trailing slash. */
  publicOrigin: string;
}

/**
 * Email's configuration, or null when it is off (no SMTP_HOST or SMTP_FROM). Throws SmtpError when
 * it is set but unusable (see smtpConfigFrom) or PUBLIC_ORIGIN is missing, which links need.
 */
export function emailSetup(env: Env): EmailSetup | null {
  const smtp = smtpConfigFrom(env);
  if (!smtp) return null;
  let origin: URL;
  try {
    origin = new URL(env.PUBLIC_ORIGIN ?? "");
  } catch {
    throw new SmtpError("PUBLIC_ORIGIN (the address of this deployment, for links in emails) is not set.");
  }
  return { smtp, publicOrigin: origin.origin };
}

/** One email to queue. */
export interface OutgoingEmail extends MailMessage {
  accountId: string;
  /** The conversation it belongs to (sealed with its data key, erased with it); null for account-level emails. */
  conversationId: string | null;
  kind: OutboxKind;
}

const FIELDS = { recipient: "email.recipient", subject: "email.subject", body: "email.body" } as const satisfies Record<string, EmailField>;

/** Seals the three fields either with the conversation's data key or, for account-level emails, the ring. */
async function sealFields(
  seal: (field: EmailField, text: string) => Promise<string>,
  email: MailMessage,
): Promise<Pick<NewOutboxRow, "recipientEnc" | "subjectEnc" | "bodyEnc">> {
  const [recipientEnc, subjectEnc, bodyEnc] = await Promise.all([
    seal(FIELDS.recipient, email.to),
    seal(FIELDS.subject, email.subject),
    seal(FIELDS.body, email.text),
  ]);
  return { recipientEnc, subjectEnc, bodyEnc };
}

/**
 * Writes emails to the outbox, sealed. Returns their ids; emails of a conversation that is gone
 * (erased meanwhile) are dropped. Callers check `emailSetup` first: this queues regardless.
 */
export async function queueEmails(env: Env, db: Db, emails: OutgoingEmail[], now: number): Promise<string[]> {
  const rows: NewOutboxRow[] = [];
  let ring: KeyRing | null = null;
  const ciphers = new Map<string, ConversationCipher | null>();
  for (const email of emails) {
    const id = newId();
    let seal: (field: EmailField, text: string) => Promise<string>;
    if (email.conversationId) {
      if (!ciphers.has(email.conversationId)) {
        ciphers.set(email.conversationId, await openConversationVault(env, db, email.accountId, email.conversationId));
      }
      const cipher = ciphers.get(email.conversationId);
      if (!cipher) continue;
      seal = (field, text) => cipher.encrypt(field, text);
    } else {
      ring ??= await loadKeyRing(env.KEY_RING);
      const r = ring;
      seal = (field, text) => sealOutboxField(r, email.accountId, id, field, text);
    }
    rows.push({
      id,
      accountId: email.accountId,
      conversationId: email.conversationId,
      kind: email.kind,
      ...(await sealFields(seal, email)),
      createdAt: now,
    });
  }
  await insertOutboxRows(db, rows);
  return rows.map((r) => r.id);
}

/** The email of an outbox row, opened; null when its conversation (and so its key) is gone. */
async function openRow(env: Env, db: Db, row: OutboxRow): Promise<MailMessage | null> {
  let open: (field: EmailField, envelope: string) => Promise<string>;
  if (row.conversationId) {
    const cipher = await openConversationVault(env, db, row.accountId, row.conversationId);
    if (!cipher) return null;
    open = (field, envelope) => cipher.decrypt(field, envelope);
  } else {
    const ring = await loadKeyRing(env.KEY_RING);
    open = (field, envelope) => openOutboxField(ring, envelope, row.accountId, row.id, field);
  }
  const [to, subject, text] = await Promise.all([
    open(FIELDS.recipient, row.recipientEnc),
    open(FIELDS.subject, row.subjectEnc),
    open(FIELDS.body, row.bodyEnc),
  ]);
  return { to, subject, text };
}

/** An email of a conversation that has not gone out (pending or failed), opened: for the data-subject export. */
export interface UndeliveredEmail {
  kind: OutboxKind;
  status: OutboxRow["status"];
  queuedAt: string;
  to: string;
  subject: string;
  text: string;
}

/**
 * The conversation's emails still in the outbox, opened with its cipher: what a data-subject
 * export must show of them (once sent they are gone, and nothing of them is kept).
 */
export async function undeliveredEmailsOf(
  db: Db,
  cipher: ConversationCipher,
  accountId: string,
  conversationId: string,
): Promise<UndeliveredEmail[]> {
  const rows = await outboxRowsOf(db, accountId, conversationId);
  return Promise.all(
    rows.map(async (row) => ({
      kind: row.kind,
      status: row.status,
      queuedAt: new Date(row.createdAt).toISOString(),
      to: await cipher.decrypt(FIELDS.recipient, row.recipientEnc),
      subject: await cipher.decrypt(FIELDS.subject, row.subjectEnc),
      text: await cipher.decrypt(FIELDS.body, row.bodyEnc),
    })),
  );
}

/** When to try again after `attempts` failed attempts; null: give up. */
export const nextAttemptAfter = (attempts: number, now: number): number | null => {
  const delay = RETRY_DELAYS_MS[attempts - 1];
  return delay === undefined ? null : now + delay;
};

export type DeliveryOutcome = "sent" | "retry" | "failed" | "skipped";

/**
 * Delivers one outbox entry if it is due and nobody else is at it: shredded once the server took
 * it, else rescheduled by the backoff (or failed: after the last retry, or at once on a permanent
 * 5xx refusal). "skipped": email is off, or the entry is not due, or gone.
 */
export async function deliverOutboxEntry(env: Env, db: Db, id: string, now = Date.now()): Promise<DeliveryOutcome> {
  const setup = emailSetup(env);
  if (!setup) return "skipped";
  const row = await claimOutboxRow(db, id, now, CLAIM_LEASE_MS);
  if (!row) return "skipped";
  const message = await openRow(env, db, row);
  if (!message) {
    await shredOutboxRows(db, [row.id]);
    return "skipped";
  }
  try {
    await sendMail(setup.smtp, message);
  } catch (error) {
    // Only our own wording and the server's reply code are stored: never the server's text, which
    // may quote the address.
    const reason = error instanceof SmtpError ? error.message : "The email could not be sent.";
    const permanent = error instanceof SmtpError && error.replyCode !== null && error.replyCode >= 500;
    const next = permanent ? null : nextAttemptAfter(row.attempts, now);
    await recordOutboxFailure(db, row.id, reason, next);
    return next === null ? "failed" : "retry";
  }
  await shredOutboxRows(db, [row.id]);
  return "sent";
}

/** Delivers these entries one after the other (for `waitUntil` right after queueing); never throws. */
export async function deliverNow(env: Env, db: Db, ids: string[], now = Date.now()): Promise<DeliveryOutcome[]> {
  const outcomes: DeliveryOutcome[] = [];
  for (const id of ids) {
    try {
      outcomes.push(await deliverOutboxEntry(env, db, id, now));
    } catch (error) {
      // The entry stays claimed and the cron tries again once the lease ends.
      console.error("email delivery failed", error instanceof Error ? error.name : "unknown");
      outcomes.push("retry");
    }
  }
  return outcomes;
}

/** The cron's part: due entries delivered, old failed ones deleted. */
export async function runOutbox(env: Env, db: Db, now: number): Promise<{ sent: number; failed: number; deleted: number }> {
  const expired = await failedOutboxIdsBefore(db, now - OUTBOX_FAILED_KEEP_MS, 500);
  await shredOutboxRows(db, expired);
  if (!emailSetup(env)) return { sent: 0, failed: 0, deleted: expired.length };
  const outcomes = await deliverNow(env, db, await dueOutboxIds(db, now, DELIVERIES_PER_RUN), now);
  return {
    sent: outcomes.filter((o) => o === "sent").length,
    failed: outcomes.filter((o) => o === "failed").length,
    deleted: expired.length,
  };
}
