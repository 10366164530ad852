import { emailIndex, nameTokenIndexes, verifiedUserIndex } from "../crypto/blind-index";
import type { Db } from "../db/client";
import { type ConversationRow, type SearchCriteria, searchConversations } from "../db/search";
import type { ConversationFilter } from "../shared/api";

/**
 * Turns the API's filter into search criteria within one account: email, name and a verified user id become that
 * account's blind indexes, never stored or logged.
 */
export async function toCriteria(env: Env, accountId: string, filter: ConversationFilter): Promise<SearchCriteria> {
  const { email, name, verifiedUserId, ...rest } = filter;
  const criteria: SearchCriteria = { ...rest };
  if (email) criteria.emailBidx = await emailIndex(env.BLIND_INDEX_KEY, accountId, email);
  if (verifiedUserId) criteria.verifiedUserBidx = await verifiedUserIndex(env.BLIND_INDEX_KEY, accountId, verifiedUserId);
  if (name) criteria.nameTokenBidx = await nameTokenIndexes(env.BLIND_INDEX_KEY, accountId, name);
  return criteria;
}

/** Every conversation matching, page by page, so callers never hold more than one page. */
export async function* allMatching(
  db: Db,
  args: { accountId: string; departmentIds: string[] | null; criteria: SearchCriteria },
  pageSize = 50,
): AsyncGenerator<ConversationRow[]> {
  let cursor: string | undefined;
  do {
    const page = await searchConversations(db, { ...args, limit: pageSize, ...(cursor ? { cursor } : {}) });
    if (page.rows.length > 0) yield page.rows;
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
}
