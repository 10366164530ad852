import { openAttachment } from "../attachments/sealed-attachment";
import { normaliseEmail } from "../crypto/blind-index";
import { sha256Hex } from "../crypto/encoding";
import type { ConversationCipher } from "../crypto/key-ring";
import type { Db } from "../db/client";
import { chunks } from "../db/client";
import { type ConversationRow, consentedQuery, wrappedKeysQuery } from "../db/conversations";
import { type LastMessageRow, lastMessages, unansweredSince } from "../db/inbox-activity";
import type { RowFacts } from "../db/search";
import { groupTags, tagRowsQuery } from "../db/tags";
import { displayNamesQuery } from "../db/team";
import type { ConversationSummary, LastMessagePreview } from "../shared/api";
import { withFileNote } from "../shared/attachments";
import { mayReadContent, type Permissions } from "../shared/permissions";
import { vaultsOfKeys } from "./vault";

/** How much of the last message the inbox list shows, in code points (a preview, not the message). */
export const LAST_MESSAGE_PREVIEW = 140;

/** Who the summaries are for: the account, and the role that decides whether message content is included. */
export interface SummaryReader {
  account: { id: string };
  role: { permissions: Pick<Permissions, "chats" | "transcripts"> };
}

/**
 * Identity lookup: the visitor's public avatar, as a Gravatar URL from the SHA-256 of the
 * normalised email. The operator's browser loads it; the server makes no outbound request.
 */
export const gravatarUrl = async (email: string): Promise<string> =>
  `https://www.gravatar.com/avatar/${await sha256Hex(normaliseEmail(email))}?s=80&d=mp`;

/** The start of a message body: whole code points, so no character is cut in half. */
function preview(message: LastMessageRow, body: string): LastMessagePreview {
  const points = Array.from(body);
  const truncated = points.length > LAST_MESSAGE_PREVIEW;
  return {
    authorKind: message.authorKind,
    body: truncated ? points.slice(0, LAST_MESSAGE_PREVIEW).join("") : body,
    truncated,
    createdAt: message.createdAt,
  };
}

/** A message's text for the preview; a file it carries shows as 📎 and its name. */
async function previewText(cipher: ConversationCipher, message: LastMessageRow): Promise<string> {
  const file = await openAttachment(cipher, message.attachment);
  return withFileNote(await cipher.decryptMessage(message), file?.name ?? null);
}

/**
 * What a page of summaries needs besides its rows: the assigned operators' names, tags, consent and
 * the wrapped data keys of the rows to decrypt. One D1 batch per chunk of rows (a page of up to 90
 * is one round trip, not four: each round trip adds to every list's and search's time).
 */
async function pageFacts(db: Db, accountId: string, rows: ConversationRow[], sealedIds: string[]) {
  const names = new Map<string, string>();
  const tags = new Map<string, string[]>();
  const consented = new Set<string>();
  const keys = new Map<string, string>();
  const sealed = new Set(sealedIds);
  await Promise.all(
    [...chunks(rows)].map(async (chunk) => {
      const ids = chunk.map((r) => r.id);
      const operatorIds = [...new Set(chunk.flatMap((r) => (r.assignedOperatorId ? [r.assignedOperatorId] : [])))];
      const [nameRows, tagRows, consentRows, keyRows] = await db.batch([
        displayNamesQuery(db, accountId, operatorIds),
        tagRowsQuery(db, accountId, ids),
        consentedQuery(db, accountId, ids),
        wrappedKeysQuery(
          db,
          accountId,
          ids.filter((id) => sealed.has(id)),
        ),
      ]);
      for (const r of nameRows) names.set(r.id, r.displayName);
      groupTags(tags, tagRows);
      for (const r of consentRows) consented.add(r.id);
      for (const r of keyRows) keys.set(r.id, r.wrappedKey);
    }),
  );
  return { names, tags, consented, keys };
}

/** pageFacts' shape from facts read with the rows. */
function factsOf(rows: ConversationRow[], known: ReadonlyMap<string, RowFacts>): Awaited<ReturnType<typeof pageFacts>> {
  const names = new Map<string, string>();
  const tags = new Map<string, string[]>();
  const consented = new Set<string>();
  const keys = new Map<string, string>();
  for (const { id, assignedOperatorId } of rows) {
    const f = known.get(id);
    if (!f) continue;
    if (assignedOperatorId && f.assignedOperatorName !== null) names.set(assignedOperatorId, f.assignedOperatorName);
    tags.set(id, f.tags);
    if (f.hasConsent) consented.add(id);
    if (f.wrappedKey) keys.set(id, f.wrappedKey);
  }
  return { names, tags, consented, keys };
}

/**
 * The operators' view of conversation rows: name and email decrypted, tags and consent attached;
 * for open ones how long the visitor has waited and, where the reader's role may read the chat, the
 * start of its last message. Nothing of a message is decrypted for a reader who may not read it.
 */
export async function summarise(
  env: Env,
  db: Db,
  reader: SummaryReader,
  rows: ConversationRow[],
  /** The rows' facts when the page was read with them (searchSummaryPage): nothing more to look up. */
  known?: ReadonlyMap<string, RowFacts>,
): Promise<ConversationSummary[]> {
  const accountId = reader.account.id;
  const open = rows.filter((r) => r.status === "open");
  const readable = open.filter((r) => mayReadContent(reader.role.permissions, r.status));
  const readableIds = new Set(readable.map((r) => r.id));
  const [facts, waiting, last] = await Promise.all([
    known
      ? factsOf(rows, known)
      : pageFacts(
          db,
          accountId,
          rows,
          rows
            .filter((r) => r.visitorNameEnc || r.visitorEmailEnc || r.verifiedUserEnc || r.ratingCommentEnc || readableIds.has(r.id))
            .map((r) => r.id),
        ),
    unansweredSince(
      db,
      accountId,
      open.map((r) => r.id),
    ),
    lastMessages(db, accountId, readable),
  ]);
  const { names, tags, consented } = facts;
  const vaultOf = await vaultsOfKeys(env, accountId, facts.keys);
  return Promise.all(
    rows.map(async (row) => {
      let visitorName: string | null = null;
      let visitorEmail: string | null = null;
      let ratingComment: string | null = null;
      let verifiedUserId: string | null = null;
      let lastMessage: LastMessagePreview | null = null;
      const sealedLast = last.get(row.id);
      let cipher: ConversationCipher | null = null;
      if (row.visitorNameEnc || row.visitorEmailEnc || row.verifiedUserEnc || row.ratingCommentEnc || sealedLast)
        cipher = await vaultOf(row.id);
      if (cipher) {
        visitorName = row.visitorNameEnc ? await cipher.decrypt("visitor.name", row.visitorNameEnc) : null;
        visitorEmail = row.visitorEmailEnc ? await cipher.decrypt("visitor.email", row.visitorEmailEnc) : null;
        ratingComment = row.ratingCommentEnc ? await cipher.decrypt("conversation.rating_comment", row.ratingCommentEnc) : null;
        verifiedUserId = row.verifiedUserEnc ? await cipher.decrypt("visitor.verified_user", row.verifiedUserEnc) : null;
        if (sealedLast) lastMessage = preview(sealedLast, await previewText(cipher, sealedLast));
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
        assignedOperatorName: row.assignedOperatorId ? (names.get(row.assignedOperatorId) ?? null) : null,
        rating: row.rating,
        ratingComment,
        tags: tags.get(row.id) ?? [],
        hasConsent: consented.has(row.id),
        avatarUrl: row.identityLookup && visitorEmail ? await gravatarUrl(visitorEmail) : null,
        verifiedUserId,
        createdAt: row.createdAt,
        lastMessageAt: row.lastMessageAt,
        closedAt: row.closedAt,
        // Waiting from the visitor's first unanswered message; a chat without any message, from its start.
        waitingSince: row.status === "open" ? (waiting.get(row.id) ?? (row.messageCount === 0 ? row.createdAt : null)) : null,
        lastMessage,
      };
    }),
  );
}
