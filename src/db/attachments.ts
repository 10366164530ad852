import { and, count, eq, inArray, isNotNull, isNull, lt, or } from "drizzle-orm";
import { chunks, type Db, inAccount } from "./client";
import { attachments } from "./schema";

// The rows of attachments: where each file's sealed bytes are (a random R2 key), its sealed name,
// type and size, who uploaded it and which message carries it. The bytes themselves are R2's.

export type AttachmentRow = typeof attachments.$inferSelect;

export async function insertAttachment(db: Db, row: AttachmentRow): Promise<void> {
  await db.insert(attachments).values(row);
}

export const findAttachment = (db: Db, accountId: string, conversationId: string, attachmentId: string) =>
  db.query.attachments.findFirst({
    where: and(eq(attachments.id, attachmentId), eq(attachments.accountId, accountId), eq(attachments.conversationId, conversationId)),
  });

/**
 * Marks the attachment as carried by the message `clientId` of its uploader, unless another
 * message already carries it: the room's check that a message only sends the sender's own,
 * unsent upload. Repeating it for the same message is harmless (a retried send). The row, or
 * null when the attachment is not the uploader's or went with another message.
 */
export async function claimForMessage(
  db: Db,
  ids: { accountId: string; conversationId: string; attachmentId: string },
  uploaderKey: string,
  clientId: string,
): Promise<AttachmentRow | null> {
  const [row] = await db
    .update(attachments)
    .set({ messageClientId: clientId })
    .where(
      and(
        eq(attachments.id, ids.attachmentId),
        eq(attachments.accountId, ids.accountId),
        eq(attachments.conversationId, ids.conversationId),
        eq(attachments.uploaderKey, uploaderKey),
        or(isNull(attachments.messageClientId), eq(attachments.messageClientId, clientId)),
      ),
    )
    .returning();
  return row ?? null;
}

/** Every attachment of these conversations (sent or not): what erasing them must delete from R2. */
export async function attachmentsOfConversations(db: Db, accountId: string, conversationIds: readonly string[]): Promise<AttachmentRow[]> {
  const rows: AttachmentRow[] = [];
  for (const chunk of chunks(conversationIds)) {
    rows.push(
      ...(await db
        .select()
        .from(attachments)
        .where(and(inAccount(attachments.accountId, accountId), inArray(attachments.conversationId, chunk)))),
    );
  }
  return rows;
}

/** How many files were sent in these conversations. */
export async function countSentFiles(db: Db, accountId: string, conversationIds: readonly string[]): Promise<number> {
  let total = 0;
  for (const chunk of chunks(conversationIds)) {
    const [row] = await db
      .select({ n: count() })
      .from(attachments)
      .where(
        and(
          inAccount(attachments.accountId, accountId),
          inArray(attachments.conversationId, chunk),
          isNotNull(attachments.messageClientId),
        ),
      );
    total += row?.n ?? 0;
  }
  return total;
}

/** Uploads no message carried, made before `before`: abandoned (a closed tab, a cancelled send). At most `limit`. */
export const unsentAttachmentsBefore = (db: Db, before: number, limit: number) =>
  db
    .select()
    .from(attachments)
    .where(and(isNull(attachments.messageClientId), lt(attachments.createdAt, before)))
    .limit(limit);

/** Deletes attachment rows by id (their objects are deleted first, by the caller). */
export async function deleteAttachmentRows(db: Db, ids: readonly string[]): Promise<void> {
  for (const chunk of chunks(ids)) await db.delete(attachments).where(inArray(attachments.id, chunk));
}
