import type { ConversationCipher } from "../crypto/key-ring";
import type { Db } from "../db/client";
import { type ConversationRow, messagesAfter } from "../db/conversations";
import type { MessageCreatedFrame } from "../shared/frames";
import { messageFrame } from "./message-frame";

// Transcripts are read by a cursor over seq, a page at a time, never the whole history at once:
// from the room's storage while the conversation lives, from D1 once it is archived.

/** Messages archived in D1 are read this many at a time. */
export const ARCHIVE_PAGE = 200;

/**
 * Every item of a seq-ordered source after `after`, in order, read `pageSize` at a time: the one
 * paging loop over a transcript. `readPage` answers at most `limit` items with seq > `after`.
 */
export async function* pagedBySeq<M extends { seq: number }>(
  readPage: (after: number, limit: number) => M[] | Promise<M[]>,
  after: number,
  pageSize: number,
): AsyncGenerator<M> {
  for (let cursor = after; ; ) {
    const page = await readPage(cursor, pageSize);
    yield* page;
    if (page.length < pageSize) return;
    cursor = page.at(-1)!.seq;
  }
}

/**
 * The `message.created` frames of a conversation archived in D1, after `after`, decrypted with its
 * cipher. The caller opens the visitor's name first (visitorDisplayName), so a failure shows before
 * anything is sent.
 */
export async function* archivedFrames(
  db: Db,
  cipher: ConversationCipher,
  row: Pick<ConversationRow, "accountId" | "id">,
  visitorName: string,
  after: number,
): AsyncGenerator<MessageCreatedFrame> {
  for await (const message of pagedBySeq((cursor, limit) => messagesAfter(db, row.accountId, row.id, cursor, limit), after, ARCHIVE_PAGE)) {
    yield await messageFrame(cipher, message, visitorName);
  }
}
