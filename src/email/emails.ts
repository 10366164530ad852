import { and, eq } from "drizzle-orm";
import { accountInboxes } from "../conversation/namespaces";
import { transcriptText } from "../conversation/transcript";
import { openConversationVault } from "../conversation/vault";
import { signContinueToken } from "../crypto/continue-token";
import type { Db } from "../db/client";
import { type ConversationRow, findConversation } from "../db/conversations";
import { databaseFor } from "../db/databases";
import { operatorsWhoMayRead } from "../db/outbox";
import { consentReceipts, conversations } from "../db/schema";
import { emailTexts } from "../locales/widget-texts";
import { withFileNote } from "../shared/attachments";
import { type DeliveryOutcome, deliverNow, type EmailSetup, emailSetup, type OutgoingEmail, queueEmails } from "./outbox";

// The emails Confide sends, each a plain function others call: it decides whether the email may
// go (consent, an address, email switched on), writes it to the outbox and starts its delivery.
// Each carries the minimum: no transcript unless the visitor asked for it, nothing about the
// visitor or the conversation in operators' alerts. Texts are in the conversation's language.

/** Why nothing was queued. */
export type NotQueued = "email_off" | "not_found" | "no_consent" | "no_email" | "no_recipients";

/**
 * What an email function did. When queued, `delivery` is the first attempt, already running:
 * hand it to `waitUntil` (a failed one is retried by the cron whatever happens to it).
 */
export type EmailResult = { queued: false; reason: NotQueued } | { queued: true; ids: string[]; delivery: Promise<DeliveryOutcome[]> };

const notQueued = (reason: NotQueued): EmailResult => ({ queued: false, reason });

async function queueAndDeliver(env: Env, db: Db, emails: OutgoingEmail[]): Promise<EmailResult> {
  const ids = await queueEmails(env, db, emails, Date.now());
  if (ids.length === 0) return notQueued("not_found");
  return { queued: true, ids, delivery: deliverNow(env, db, ids) };
}

/** The link that continues this conversation in Confide's own chat page. */
async function continueLink(env: Env, setup: EmailSetup, conversation: ConversationRow): Promise<string> {
  const token = await signContinueToken(env.TOKEN_SIGNING_KEY, {
    conversationId: conversation.id,
    accountId: conversation.accountId,
    widgetId: conversation.widgetId,
  });
  return `${setup.publicOrigin}/chat/continue?t=${token}`;
}

/** The conversation and the visitor's email address, decrypted; null when there is none. */
async function visitorAddress(env: Env, db: Db, conversation: ConversationRow): Promise<string | null> {
  if (!conversation.visitorEmailEnc) return null;
  const cipher = await openConversationVault(env, db, conversation.accountId, conversation.id);
  return cipher ? cipher.decrypt("visitor.email", conversation.visitorEmailEnc) : null;
}

const conversationById = async (db: Db, conversationId: string): Promise<ConversationRow | null> => {
  // The room knows a conversation by id alone; the account comes from its row.
  const row = await db.select({ accountId: conversations.accountId }).from(conversations).where(eq(conversations.id, conversationId)).get();
  return row ? ((await findConversation(db, row.accountId, conversationId)) ?? null) : null;
};

/** Whether the visitor ticked the separate box for replies by email when they started. */
async function consentsToEmailReplies(db: Db, conversation: ConversationRow): Promise<boolean> {
  const receipt = await db
    .select({ emailReplies: consentReceipts.emailReplies })
    .from(consentReceipts)
    .where(and(eq(consentReceipts.accountId, conversation.accountId), eq(consentReceipts.conversationId, conversation.id)))
    .get();
  return receipt?.emailReplies === true;
}

const footer = (texts: { footer: string }) => `\n\n-- \n${texts.footer}\n`;

/**
 * An operator's reply, by email, to the visitor: only when their consent receipt records the
 * separate opt-in to email replies and they gave an address. The reply and the continue link,
 * no transcript.
 */
export async function emailVisitorReply(
  env: Env,
  accountId: string,
  conversationId: string,
  operatorReplyText: string,
): Promise<EmailResult> {
  const setup = emailSetup(env);
  if (!setup) return notQueued("email_off");
  const db = await databaseFor(env, accountId);
  const conversation = await conversationById(db, conversationId);
  if (!conversation) return notQueued("not_found");
  if (!(await consentsToEmailReplies(db, conversation))) return notQueued("no_consent");
  const to = await visitorAddress(env, db, conversation);
  if (!to) return notQueued("no_email");
  const { texts } = emailTexts(conversation.language);
  const text = `${texts.replyIntro}\n\n${operatorReplyText}\n\n${texts.continue}\n${await continueLink(env, setup, conversation)}${footer(texts)}`;
  return queueAndDeliver(env, db, [
    { accountId: conversation.accountId, conversationId, kind: "visitor_reply", to, subject: texts.replySubject, text },
  ]);
}

/**
 * The operator's reply goes by email when the visitor left an offline message and is not in the
 * chat to read it. Called by the room for each operator message while no visitor socket is open.
 */
export async function emailReplyToOfflineVisitor(
  env: Env,
  accountId: string,
  conversationId: string,
  operatorReplyText: string,
  fileName: string | null = null,
): Promise<EmailResult> {
  const db = await databaseFor(env, accountId);
  const conversation = await conversationById(db, conversationId);
  if (conversation?.origin !== "offline") return notQueued("not_found");
  // A file never travels by email: its name says there is one to see in the chat (the link below).
  return emailVisitorReply(env, accountId, conversationId, withFileNote(operatorReplyText, fileName, "\n"));
}

/** The whole transcript to the visitor's address: only on the visitor's own request (the widget's button). */
export async function emailTranscript(env: Env, accountId: string, conversationId: string): Promise<EmailResult> {
  const setup = emailSetup(env);
  if (!setup) return notQueued("email_off");
  const db = await databaseFor(env, accountId);
  const conversation = await conversationById(db, conversationId);
  if (!conversation) return notQueued("not_found");
  const to = await visitorAddress(env, db, conversation);
  if (!to) return notQueued("no_email");
  const { texts } = emailTexts(conversation.language);
  const transcript = (await transcriptText(env, db, conversation)).replace(/\r\n/g, "\n");
  const text = `${texts.transcriptIntro}\n\n${transcript}\n${texts.continue}\n${await continueLink(env, setup, conversation)}${footer(texts)}`;
  return queueAndDeliver(env, db, [
    { accountId: conversation.accountId, conversationId, kind: "transcript", to, subject: texts.transcriptSubject, text },
  ]);
}

export interface OperatorAlert {
  accountId: string;
  departmentId: string;
  /** The conversation that waits; only its language is used, nothing of it goes into the email. */
  conversationId: string;
  kind: "offline_message" | "unanswered";
}

/**
 * One email to each active operator who may read conversations of the department and has no app
 * open (those with one get the app's own notifications): a message is waiting, and a link to the
 * app. No content, no visitor data, not even the conversation's id.
 */
export async function alertOperators(env: Env, alert: OperatorAlert): Promise<EmailResult> {
  const setup = emailSetup(env);
  if (!setup) return notQueued("email_off");
  const db = await databaseFor(env, alert.accountId);
  const inboxes = accountInboxes(env);
  const [allowed, present, conversation] = await Promise.all([
    operatorsWhoMayRead(db, alert.accountId, alert.departmentId),
    inboxes.get(inboxes.idFromName(alert.accountId)).operatorStatuses(),
    findConversation(db, alert.accountId, alert.conversationId),
  ]);
  const recipients = allowed.filter((operator) => !(operator.id in present));
  if (recipients.length === 0) return notQueued("no_recipients");
  const { texts } = emailTexts(conversation?.language);
  const [subject, intro] =
    alert.kind === "offline_message"
      ? [texts.offlineAlertSubject, texts.offlineAlertBody]
      : [texts.unansweredAlertSubject, texts.unansweredAlertBody];
  const text = `${intro}\n${setup.publicOrigin}/app/\n`;
  const kind = alert.kind === "offline_message" ? "offline_alert" : "unanswered_alert";
  // Account-level: sealed with the ring, not the conversation's key, as they hold nothing of it.
  return queueAndDeliver(
    env,
    db,
    recipients.map((r) => ({ accountId: alert.accountId, conversationId: null, kind, to: r.email, subject, text })),
  );
}
