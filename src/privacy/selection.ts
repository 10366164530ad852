import { allMatching, toCriteria } from "../conversation/search";
import { countSentFiles } from "../db/attachments";
import type { Principal } from "../db/auth";
import type { Db } from "../db/client";
import { findConversations } from "../db/conversations";
import { type ConversationRow, countConversations, countFilesOfMatching } from "../db/search";
import { seesDepartment } from "../middleware/auth";
import type { ConversationFilter } from "../shared/api";

export interface Selection {
  count: number;
  /** How many files were sent in these conversations (what a ZIP export carries). */
  countFiles: () => Promise<number>;
  /** The conversations, a page at a time. */
  pages: AsyncIterable<ConversationRow[]>;
}

/**
 * The conversations an export or a deletion takes: the listed ids or everything the filter
 * matches, always within the caller's account and departments (others are silently left out).
 */
export async function selectedConversations(
  env: Env,
  db: Db,
  p: Principal,
  selection: { conversationIds?: string[] | undefined; filter?: ConversationFilter | undefined },
): Promise<Selection> {
  if (selection.conversationIds) {
    const rows = (await findConversations(db, p.account.id, selection.conversationIds)).filter((r) => seesDepartment(p, r.departmentId));
    return {
      count: rows.length,
      countFiles: () =>
        countSentFiles(
          db,
          p.account.id,
          rows.map((r) => r.id),
        ),
      pages: (async function* () {
        for (let i = 0; i < rows.length; i += 50) yield rows.slice(i, i + 50);
      })(),
    };
  }
  const args = {
    accountId: p.account.id,
    departmentIds: p.role.departmentIds,
    criteria: await toCriteria(env, p.account.id, selection.filter ?? {}),
  };
  return { count: await countConversations(db, args), countFiles: () => countFilesOfMatching(db, args), pages: allMatching(db, args) };
}
