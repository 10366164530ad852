import { and, desc, eq, lt, or } from "drizzle-orm";
import type { Db } from "./client";
import { newId } from "./client";
import { consentReceipts, conversationKeys, conversationNameTokens, conversations, messages } from "./schema";

export type ConversationRow = typeof conversations.$inferSelect;
export type MessageRow = typeof messages.$inferInsert;

export interface NewConversation {
  id: string;
  accountId: string;
  widgetId: string;
  departmentId: string;
  language: string;
  wrappedKey: string;
  visitorNameEnc: string | null;
  visitorEmailEnc: string | null;
  visitorEmailBidx: string | null;
  nameTokenBidx: string[];
  /** The disclaimer the visitor agreed to: its text's hash and the language it was shown in. */
  consent: { disclaimerHash: string; language: string } | null;
  now: number;
}

/** Creates the conversation with its wrapped key, name tokens and consent receipt in one batch. */
export async function insertConversation(db: Db, c: NewConversation): Promise<void> {
  const statements = [
    db.insert(conversations).values({
      id: c.id,
      accountId: c.accountId,
      widgetId: c.widgetId,
      departmentId: c.departmentId,
      status: "open",
      language: c.language,
      visitorNameEnc: c.visitorNameEnc,
      visitorEmailEnc: c.visitorEmailEnc,
      visitorEmailBidx: c.visitorEmailBidx,
      createdAt: c.now,
    }),
    db.insert(conversationKeys).values({ conversationId: c.id, accountId: c.accountId, wrappedKey: c.wrappedKey, createdAt: c.now }),
    ...c.nameTokenBidx.map((tokenBidx) =>
      db.insert(conversationNameTokens).values({ conversationId: c.id, accountId: c.accountId, tokenBidx }),
    ),
  ] as const;
  const consent = c.consent
    ? [
        db.insert(consentReceipts).values({
          id: newId(),
          accountId: c.accountId,
          conversationId: c.id,
          widgetId: c.widgetId,
          disclaimerHash: c.consent.disclaimerHash,
          language: c.consent.language,
          consentedAt: c.now,
        }),
      ]
    : [];
  await db.batch([...statements, ...consent]);
}

export const findConversation = (db: Db, accountId: string, conversationId: string) =>
  db.query.conversations.findFirst({
    where: and(eq(conversations.id, conversationId), eq(conversations.accountId, accountId)),
  });

export async function findWrappedKey(db: Db, accountId: string, conversationId: string): Promise<string | null> {
  const row = await db.query.conversationKeys.findFirst({
    where: and(eq(conversationKeys.conversationId, conversationId), eq(conversationKeys.accountId, accountId)),
  });
  return row?.wrappedKey ?? null;
}

/** Cursor = "<createdAt>:<id>" of the last row seen; newest first. */
export async function listConversations(
  db: Db,
  args: { accountId: string; status: "open" | "closed"; departmentIds: string[] | null; cursor?: string; limit: number },
): Promise<{ rows: ConversationRow[]; nextCursor: string | null }> {
  const [cursorTime, cursorId] = args.cursor?.split(":") ?? [];
  const after =
    cursorTime && cursorId
      ? or(
          lt(conversations.createdAt, Number(cursorTime)),
          and(eq(conversations.createdAt, Number(cursorTime)), lt(conversations.id, cursorId)),
        )
      : undefined;
  const rows = await db.query.conversations.findMany({
    where: (t, { and, eq, inArray }) =>
      and(
        eq(t.accountId, args.accountId),
        eq(t.status, args.status),
        args.departmentIds ? inArray(t.departmentId, args.departmentIds) : undefined,
        after,
      ),
    orderBy: [desc(conversations.createdAt), desc(conversations.id)],
    limit: args.limit + 1,
  });
  const page = rows.slice(0, args.limit);
  const last = page.at(-1);
  return { rows: page, nextCursor: rows.length > args.limit && last ? `${last.createdAt}:${last.id}` : null };
}

/**
 * Writes flushed messages; a (conversation_id, seq) already present is left as is, so a flush
 * retried after a crash writes nothing twice. Also advances the conversation's counters.
 */
export async function insertMessages(db: Db, accountId: string, conversationId: string, rows: MessageRow[]): Promise<void> {
  const last = rows.at(-1);
  if (!last) return;
  await db.batch([
    db
      .update(conversations)
      .set({ messageCount: last.seq, lastMessageAt: last.createdAt })
      .where(and(eq(conversations.id, conversationId), eq(conversations.accountId, accountId), lt(conversations.messageCount, last.seq))),
    ...rows.map((row) => db.insert(messages).values(row).onConflictDoNothing()),
  ]);
}

/** At most `limit` archived messages with seq > `after`, in order (a cursor over the transcript). */
export const messagesAfter = (db: Db, accountId: string, conversationId: string, after: number, limit: number) =>
  db.query.messages.findMany({
    where: (t, { and, eq, gt }) => and(eq(t.accountId, accountId), eq(t.conversationId, conversationId), gt(t.seq, after)),
    orderBy: (t, { asc }) => [asc(t.seq)],
    limit,
  });

export async function markClosed(db: Db, accountId: string, conversationId: string, now: number): Promise<void> {
  await db
    .update(conversations)
    .set({ status: "closed", closedAt: now })
    .where(and(eq(conversations.id, conversationId), eq(conversations.accountId, accountId), eq(conversations.status, "open")));
}
