import { attachmentsOfConversations, deleteAttachmentRows, unsentAttachmentsBefore } from "../db/attachments";
import type { Db } from "../db/client";
import { deleteObjects } from "./object-store";

// Files go with their conversation: every erasure (a delete, retention, a data-subject request, the
// ledger after a restore) deletes their objects from R2 while the rows still name them, then the
// rows go with the conversation's (src/db/shred.ts). An upload no message ever carried is deleted
// by the sweep after a day.

/** An upload no message carried for this long was abandoned (a closed tab, a cancelled send). */
export const UNSENT_ATTACHMENT_TTL_MS = 24 * 3600 * 1000;
const UNSENT_PER_RUN = 500;

/** Deletes the R2 objects of every file of these conversations; returns how many files they had. */
export async function deleteConversationFiles(
  env: Pick<Env, "ATTACHMENTS">,
  db: Db,
  accountId: string,
  ids: readonly string[],
): Promise<number> {
  const rows = await attachmentsOfConversations(db, accountId, ids);
  await deleteObjects(
    env.ATTACHMENTS,
    rows.map((r) => r.objectKey),
  );
  return rows.length;
}

/** Deletes uploads no message carried within UNSENT_ATTACHMENT_TTL_MS (bounded per run); returns how many. */
export async function deleteAbandonedUploads(env: Pick<Env, "ATTACHMENTS">, db: Db, now: number): Promise<number> {
  const rows = await unsentAttachmentsBefore(db, now - UNSENT_ATTACHMENT_TTL_MS, UNSENT_PER_RUN);
  await deleteObjects(
    env.ATTACHMENTS,
    rows.map((r) => r.objectKey),
  );
  await deleteAttachmentRows(
    db,
    rows.map((r) => r.id),
  );
  return rows.length;
}
