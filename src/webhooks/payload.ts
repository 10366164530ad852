import { transcriptFrames } from "../conversation/transcript";
import { openConversationVault } from "../conversation/vault";
import type { Db } from "../db/client";
import { findConversation } from "../db/conversations";
import type { StoredWebhookEvent } from "./events";

// The body of a delivery, built at each attempt from the stored event (ids and metadata). Personal
// data is added only for endpoints an admin opted in, decrypted from EU storage at that moment and
// never stored: a conversation erased since the event is delivered with `personalData: null`.

/** Messages per payload at most; a longer conversation says `messagesTruncated`. */
export const PAYLOAD_MESSAGES_MAX = 500;

export interface WebhookPersonalData {
  visitor: { name: string | null; email: string | null };
  /** conversation.ended and offline_message.received: the messages so far, oldest first. */
  messages?: { seq: number; author: "visitor" | "operator" | "system"; authorName: string; text: string; createdAt: string }[];
  messagesTruncated?: boolean;
  /** conversation.rated: the visitor's comment, if any. */
  ratingComment?: string | null;
}

export interface WebhookPayload {
  id: string;
  type: StoredWebhookEvent["type"];
  createdAt: string;
  data: Record<string, unknown>;
  /** Only for endpoints opted in to personal data; null when the conversation no longer exists. */
  personalData?: WebhookPersonalData | null;
}

const WITH_MESSAGES = new Set(["conversation.ended", "offline_message.received"]);

/** The JSON body of one attempt. */
export async function buildPayload(
  env: Env,
  db: Db,
  accountId: string,
  event: StoredWebhookEvent,
  includePersonalData: boolean,
): Promise<string> {
  const payload: WebhookPayload = { id: event.id, type: event.type, createdAt: new Date(event.occurredAt).toISOString(), data: event.data };
  const conversationId = typeof event.data.conversationId === "string" ? event.data.conversationId : null;
  if (includePersonalData && conversationId) payload.personalData = await personalDataOf(env, db, accountId, conversationId, event.type);
  return JSON.stringify(payload);
}

async function personalDataOf(
  env: Env,
  db: Db,
  accountId: string,
  conversationId: string,
  type: string,
): Promise<WebhookPersonalData | null> {
  const row = await findConversation(db, accountId, conversationId);
  const cipher = row ? await openConversationVault(env, db, accountId, conversationId) : null;
  if (!row || !cipher) return null;
  const data: WebhookPersonalData = {
    visitor: {
      name: row.visitorNameEnc ? await cipher.decrypt("visitor.name", row.visitorNameEnc) : null,
      email: row.visitorEmailEnc ? await cipher.decrypt("visitor.email", row.visitorEmailEnc) : null,
    },
  };
  if (type === "conversation.rated") {
    data.ratingComment = row.ratingCommentEnc ? await cipher.decrypt("conversation.rating_comment", row.ratingCommentEnc) : null;
  }
  if (WITH_MESSAGES.has(type)) {
    const frames = await transcriptFrames(env, db, row);
    data.messages = frames.slice(0, PAYLOAD_MESSAGES_MAX).map((f) => ({
      seq: f.seq,
      author: f.author.kind,
      authorName: f.author.name,
      text: f.body,
      createdAt: new Date(f.createdAt).toISOString(),
    }));
    data.messagesTruncated = frames.length > PAYLOAD_MESSAGES_MAX;
  }
  return data;
}
