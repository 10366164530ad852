import { shownText } from "../consent/archive";
import { accountInboxes, conversationRooms } from "../conversation/namespaces";
import { requireConversationVault } from "../conversation/vault";
import { emailIndex } from "../crypto/blind-index";
import type { Db } from "../db/client";
import { becomeOffline, type ConversationRow, hasConsentReceipt } from "../db/conversations";
import { medianFirstReplyMs, queuePosition } from "../db/queue";
import type { Widget } from "../db/widgets";
import { alertOperators } from "../email/emails";
import { HttpError } from "../errors";
import type { QueueState, SwitchToMessage } from "../shared/api";
import { publishEvent } from "../webhooks/events";
import { onlineAnswerers } from "./answerers";

// What a visitor waiting for an operator gets (issue 13, item 3): their place in the line with an
// expected wait, and, if they would rather not wait, the switch to leaving a message.

/**
 * The chat's place in its department's line and the expected wait: the recent median time to a
 * first reply for each round of the line ahead, a round being one chat per online answerer.
 */
export async function queueState(env: Env, db: Db, chat: ConversationRow, now: number): Promise<QueueState> {
  const position = chat.status === "open" ? await queuePosition(db, chat) : null;
  const waitedMs = Math.max(0, now - chat.createdAt);
  const leftMessage = chat.origin === "offline";
  if (position === null) return { leftMessage, position: null, waitedMs, estimatedWaitMs: null };
  const [median, answerers] = await Promise.all([
    medianFirstReplyMs(db, chat.accountId, chat.departmentId, now),
    onlineAnswerers(env, db, chat.accountId, chat.departmentId),
  ]);
  const rounds = Math.ceil(position / Math.max(1, answerers.length));
  return { leftMessage, position, waitedMs, estimatedWaitMs: median === null ? null : median * rounds };
}

/**
 * The waiting visitor leaves a message instead: the chat stays open and becomes an offline message
 * (no end for inactivity), with the email for replies if they gave one. Refused once an operator
 * took or answered it, or when it ended.
 */
export async function switchToMessage(
  env: Env,
  db: Db,
  widget: Widget,
  chat: ConversationRow,
  input: SwitchToMessage,
  now: number,
): Promise<void> {
  if (chat.status !== "open") throw new HttpError(409, "conversation_closed", "This conversation has ended.");
  if (chat.origin === "chat" && (await queuePosition(db, chat)) === null) {
    throw new HttpError(409, "not_waiting", "An operator has this chat already; write to them here.");
  }
  if (input.email !== undefined && widget.preChatEmail === "hidden") {
    throw new HttpError(400, "invalid_request", "email: this widget does not ask for it");
  }
  if (input.emailReplies && input.email === undefined && chat.visitorEmailEnc === null) {
    throw new HttpError(400, "email_required", "emailReplies: replies by email need an email address.");
  }
  const cipher = input.email ? await requireConversationVault(env, db, chat.accountId, chat.id) : null;
  await becomeOffline(db, {
    accountId: chat.accountId,
    conversationId: chat.id,
    widgetId: chat.widgetId,
    email:
      cipher && input.email
        ? {
            enc: await cipher.encrypt("visitor.email", input.email),
            bidx: await emailIndex(env.BLIND_INDEX_KEY, chat.accountId, input.email),
          }
        : null,
    receipt: {
      exists: await hasConsentReceipt(db, chat.accountId, chat.id),
      emailReplies: input.emailReplies,
      disclaimer: await shownText(widget, chat.language),
    },
    now,
  });
  const rooms = conversationRooms(env);
  await rooms.get(rooms.idFromString(chat.id)).becomeOffline();
  const inboxes = accountInboxes(env);
  await inboxes.get(inboxes.idFromName(chat.accountId)).notify(chat.departmentId, chat.id);
  await publishEvent(
    env,
    db,
    chat.accountId,
    {
      type: "offline_message.received",
      data: { conversationId: chat.id, departmentId: chat.departmentId, widgetId: chat.widgetId, language: chat.language },
    },
    now,
  );
}

/**
 * A message was left (at the start or by switching): the department's operators without an app
 * open get an email saying so (src/email/emails.ts); delivery runs on after the response.
 */
export function alertLeftMessage(
  env: Env,
  waitUntil: (promise: Promise<unknown>) => void,
  chat: { accountId: string; departmentId: string; id: string },
): void {
  waitUntil(
    alertOperators(env, { accountId: chat.accountId, departmentId: chat.departmentId, conversationId: chat.id, kind: "offline_message" })
      .then((result) => (result.queued ? result.delivery : undefined))
      .catch((error: unknown) => console.error("left-message alert failed", error instanceof Error ? error.name : "unknown")),
  );
}
