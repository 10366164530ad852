import { normaliseEmail } from "../crypto/blind-index";
import { sha256Hex } from "../crypto/encoding";
import type { Db } from "../db/client";
import { type ConversationRow, withConsent } from "../db/conversations";
import { tagsOf } from "../db/search";
import type { ConversationSummary } from "../shared/api";
import { conversationVaults } from "./vault";

/**
 * Identity lookup: the visitor's public avatar, as a Gravatar URL from the SHA-256 of the
 * normalised email. The operator's browser loads it; the server makes no outbound request.
 */
export const gravatarUrl = async (email: string): Promise<string> =>
  `https://www.gravatar.com/avatar/${await sha256Hex(normaliseEmail(email))}?s=80&d=mp`;

/** The operators' view of conversation rows: name and email decrypted, tags and consent attached. */
export async function summarise(env: Env, db: Db, accountId: string, rows: ConversationRow[]): Promise<ConversationSummary[]> {
  const ids = rows.map((r) => r.id);
  // One query for all the page's keys, not one per row.
  const [tags, consented, vaultOf] = await Promise.all([
    tagsOf(db, accountId, ids),
    withConsent(db, accountId, ids),
    conversationVaults(
      env,
      db,
      accountId,
      rows.filter((r) => r.visitorNameEnc || r.visitorEmailEnc || r.ratingCommentEnc).map((r) => r.id),
    ),
  ]);
  return Promise.all(
    rows.map(async (row) => {
      let visitorName: string | null = null;
      let visitorEmail: string | null = null;
      let ratingComment: string | null = null;
      if (row.visitorNameEnc || row.visitorEmailEnc || row.ratingCommentEnc) {
        const cipher = await vaultOf(row.id);
        if (cipher) {
          visitorName = row.visitorNameEnc ? await cipher.decrypt("visitor.name", row.visitorNameEnc) : null;
          visitorEmail = row.visitorEmailEnc ? await cipher.decrypt("visitor.email", row.visitorEmailEnc) : null;
          ratingComment = row.ratingCommentEnc ? await cipher.decrypt("conversation.rating_comment", row.ratingCommentEnc) : null;
        }
      }
      return {
        id: row.id,
        status: row.status,
        origin: row.origin,
        widgetId: row.widgetId,
        departmentId: row.departmentId,
        visitorName,
        visitorEmail,
        language: row.language,
        messageCount: row.messageCount,
        assignedOperatorId: row.assignedOperatorId,
        rating: row.rating,
        ratingComment,
        tags: tags.get(row.id) ?? [],
        hasConsent: consented.has(row.id),
        avatarUrl: row.identityLookup && visitorEmail ? await gravatarUrl(visitorEmail) : null,
        createdAt: row.createdAt,
        lastMessageAt: row.lastMessageAt,
        closedAt: row.closedAt,
      };
    }),
  );
}
