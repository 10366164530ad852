import type { Db } from "../db/client";
import { rateOnce } from "../db/conversations";
import type { ConversationRow } from "../db/search";
import { HttpError } from "../errors";
import type { RateConversation } from "../shared/api";
import { publishEvent } from "../webhooks/events";
import { conversationRooms } from "./namespaces";
import { requireConversationVault } from "./vault";

/**
 * The visitor rates their conversation: once, and only once it has ended. The rating goes to
 * `conversations.rating` (the transcripts' filter and analytics read it); the comment, personal
 * like any message, is sealed with the conversation's data key and so goes with its erasure.
 * A second rating is refused (409 already_rated) rather than replacing the first: a rating is the
 * visitor's verdict at the end, and a stolen or replayed token should not be able to rewrite it.
 */
export async function rateConversation(env: Env, db: Db, row: ConversationRow, input: RateConversation): Promise<void> {
  if (row.rating !== null) throw new HttpError(409, "already_rated", "This chat has already been rated.");
  if (!(await hasEnded(env, row))) throw new HttpError(409, "conversation_not_ended", "The chat can be rated once it has ended.");
  const comment = input.comment?.trim() ?? "";
  const commentEnc = comment
    ? await (await requireConversationVault(env, db, row.accountId, row.id)).encrypt("conversation.rating_comment", comment)
    : null;
  // The check above is only the common case: two ratings at once are settled by the conditional update.
  if (!(await rateOnce(db, row.accountId, row.id, input.rating, commentEnc))) {
    throw new HttpError(409, "already_rated", "This chat has already been rated.");
  }
  await publishEvent(env, db, row.accountId, {
    type: "conversation.rated",
    data: { conversationId: row.id, departmentId: row.departmentId, rating: input.rating },
  });
}

/**
 * D1 marks a conversation closed only once the room has flushed it, a moment after it ended; until
 * then the room knows.
 */
async function hasEnded(env: Env, row: ConversationRow): Promise<boolean> {
  if (row.status === "closed") return true;
  const rooms = conversationRooms(env);
  return rooms.get(rooms.idFromString(row.id)).hasEnded();
}
