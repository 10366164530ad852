import { and, eq, inArray, type SQL, sql } from "drizzle-orm";
import type { SQLiteColumn } from "drizzle-orm/sqlite-core";
import { type Db, inAccount } from "./client";
import {
  attachments,
  consentReceipts,
  conversationKeys,
  conversationNameTokens,
  conversations,
  conversationTags,
  emailOutbox,
  messages,
  pageViews,
} from "./schema";

// A DELETE alone leaves the row's bytes in the freed space of its page, and SQLite copies that page
// into the database file at the next checkpoint: with the key ring, an erased chat could be read
// back from the raw file. D1 and Durable Object SQLite refuse `PRAGMA secure_delete` (SQLITE_AUTH)
// and VACUUM (it cannot run inside their transactions), so every sensitive value is first
// overwritten in place, with zero bytes of the same length, and the row deleted in the same batch.
// Same length matters: a record of unchanged size is rewritten where it lies, not moved.

/** Zero bytes as long as the value (its UTF-8 bytes); NULL stays NULL. */
export const zeroed = (column: SQLiteColumn): SQL =>
  sql`CASE WHEN ${column} IS NULL THEN NULL ELSE zeroblob(length(CAST(${column} AS BLOB))) END`;

/**
 * Overwrites, then deletes, every row of these conversations, children first (foreign keys), in
 * one batch. Returns how many conversations were deleted. Their files' objects in R2 are the
 * caller's to delete first (src/attachments/erase.ts), while the rows still name them.
 */
export async function shredConversations(db: Db, accountId: string, ids: string[]): Promise<number> {
  const own = {
    pageViews: and(inAccount(pageViews.accountId, accountId), inArray(pageViews.conversationId, ids)),
    messages: and(inAccount(messages.accountId, accountId), inArray(messages.conversationId, ids)),
    attachments: and(inAccount(attachments.accountId, accountId), inArray(attachments.conversationId, ids)),
    nameTokens: and(inAccount(conversationNameTokens.accountId, accountId), inArray(conversationNameTokens.conversationId, ids)),
    tags: and(inAccount(conversationTags.accountId, accountId), inArray(conversationTags.conversationId, ids)),
    consent: and(eq(consentReceipts.accountId, accountId), inArray(consentReceipts.conversationId, ids)),
    outbox: and(eq(emailOutbox.accountId, accountId), inArray(emailOutbox.conversationId, ids)),
    keys: and(eq(conversationKeys.accountId, accountId), inArray(conversationKeys.conversationId, ids)),
    conversations: and(inAccount(conversations.accountId, accountId), inArray(conversations.id, ids)),
  };
  const results = await db.batch([
    db
      .update(pageViews)
      .set({ urlEnc: zeroed(pageViews.urlEnc) })
      .where(own.pageViews),
    db
      .update(messages)
      .set({ bodyEnc: zeroed(messages.bodyEnc), attachment: zeroed(messages.attachment) })
      .where(own.messages),
    db
      .update(attachments)
      .set({ nameEnc: zeroed(attachments.nameEnc), objectKey: zeroed(attachments.objectKey) })
      .where(own.attachments),
    db
      .update(consentReceipts)
      .set({ disclaimerHash: zeroed(consentReceipts.disclaimerHash), language: zeroed(consentReceipts.language) })
      .where(own.consent),
    db
      .update(emailOutbox)
      .set({
        recipientEnc: zeroed(emailOutbox.recipientEnc),
        subjectEnc: zeroed(emailOutbox.subjectEnc),
        bodyEnc: zeroed(emailOutbox.bodyEnc),
      })
      .where(own.outbox),
    db
      .update(conversationKeys)
      .set({ wrappedKey: zeroed(conversationKeys.wrappedKey) })
      .where(own.keys),
    db
      .update(conversations)
      .set({
        visitorNameEnc: zeroed(conversations.visitorNameEnc),
        visitorEmailEnc: zeroed(conversations.visitorEmailEnc),
        visitorEmailBidx: zeroed(conversations.visitorEmailBidx),
        verifiedUserEnc: zeroed(conversations.verifiedUserEnc),
        verifiedUserBidx: zeroed(conversations.verifiedUserBidx),
        visitorIpEnc: zeroed(conversations.visitorIpEnc),
        visitorUserAgentEnc: zeroed(conversations.visitorUserAgentEnc),
        visitorReferrerEnc: zeroed(conversations.visitorReferrerEnc),
        visitorCountryEnc: zeroed(conversations.visitorCountryEnc),
        ratingCommentEnc: zeroed(conversations.ratingCommentEnc),
        language: zeroed(conversations.language),
      })
      .where(own.conversations),
    db.delete(pageViews).where(own.pageViews),
    db.delete(messages).where(own.messages),
    db.delete(attachments).where(own.attachments),
    db.delete(conversationNameTokens).where(own.nameTokens),
    db.delete(conversationTags).where(own.tags),
    db.delete(consentReceipts).where(own.consent),
    db.delete(emailOutbox).where(own.outbox),
    db.delete(conversationKeys).where(own.keys),
    db.delete(conversations).where(own.conversations).returning({ id: conversations.id }),
  ]);
  return results[15].length;
}
