import { and, desc, eq, exists, gte, inArray, isNotNull, isNull, lt, ne, notExists, or, type SQL, sql } from "drizzle-orm";
import { tagKey } from "../shared/tags";
import type { Db } from "./client";
import { attachments, consentReceipts, conversationNameTokens, conversations, conversationTags, messages } from "./schema";

/** Search criteria with email and name already turned into blind indexes. */
export interface SearchCriteria {
  emailBidx?: string;
  verifiedUserBidx?: string;
  /** Leaves this conversation out (a visitor's other conversations). */
  exceptId?: string;
  nameTokenBidx?: string[];
  from?: number;
  to?: number;
  widgetId?: string;
  departmentId?: string;
  operatorId?: string;
  status?: "open" | "closed";
  language?: string;
  assignedTo?: string;
  assigned?: boolean;
  rating?: number;
  tags?: string[];
  hasConsent?: boolean;
}

export interface SearchArgs {
  accountId: string;
  /** The caller's departments; null = all. */
  departmentIds: string[] | null;
  criteria: SearchCriteria;
  /** "<createdAt>:<id>" of the last row of the previous page. */
  cursor?: string;
  limit: number;
}

export type ConversationRow = typeof conversations.$inferSelect;

function conditions(a: SearchArgs): SQL[] {
  const c = a.criteria;
  const where: (SQL | undefined)[] = [eq(conversations.accountId, a.accountId)];
  if (a.departmentIds) where.push(a.departmentIds.length > 0 ? inArray(conversations.departmentId, a.departmentIds) : sql`0`);
  if (c.emailBidx) where.push(eq(conversations.visitorEmailBidx, c.emailBidx));
  if (c.verifiedUserBidx) where.push(eq(conversations.verifiedUserBidx, c.verifiedUserBidx));
  if (c.exceptId) where.push(ne(conversations.id, c.exceptId));
  // IN over the token index finds the few matching conversations first; a correlated EXISTS
  // probed every conversation of the account (360 ms at 100,000 chats, bench/storage.ts).
  for (const token of c.nameTokenBidx ?? []) {
    where.push(
      inArray(
        conversations.id,
        sql`(SELECT ${conversationNameTokens.conversationId} FROM ${conversationNameTokens} WHERE ${conversationNameTokens.accountId} = ${a.accountId} AND ${conversationNameTokens.tokenBidx} = ${token})`,
      ),
    );
  }
  if (c.from !== undefined) where.push(gte(conversations.createdAt, c.from));
  if (c.to !== undefined) where.push(lt(conversations.createdAt, c.to));
  if (c.widgetId) where.push(eq(conversations.widgetId, c.widgetId));
  if (c.departmentId) where.push(eq(conversations.departmentId, c.departmentId));
  if (c.operatorId) {
    where.push(
      or(
        eq(conversations.assignedOperatorId, c.operatorId),
        exists(
          sql`(SELECT 1 FROM ${messages} WHERE ${messages.conversationId} = ${conversations.id} AND ${messages.authorOperatorId} = ${c.operatorId})`,
        ),
      ),
    );
  }
  if (c.status) where.push(eq(conversations.status, c.status));
  if (c.language) where.push(eq(conversations.language, c.language));
  if (c.assignedTo) where.push(eq(conversations.assignedOperatorId, c.assignedTo));
  if (c.assigned !== undefined)
    where.push(c.assigned ? isNotNull(conversations.assignedOperatorId) : isNull(conversations.assignedOperatorId));
  if (c.rating !== undefined) where.push(eq(conversations.rating, c.rating));
  for (const tag of c.tags ?? []) {
    where.push(
      inArray(
        conversations.id,
        sql`(SELECT ${conversationTags.conversationId} FROM ${conversationTags} WHERE ${conversationTags.accountId} = ${a.accountId} AND ${conversationTags.tag} = ${tagKey(tag)})`,
      ),
    );
  }
  if (c.hasConsent !== undefined) {
    const consent = sql`(SELECT 1 FROM ${consentReceipts} WHERE ${consentReceipts.conversationId} = ${conversations.id})`;
    where.push(c.hasConsent ? exists(consent) : notExists(consent));
  }
  const [cursorTime, cursorId] = a.cursor?.split(":") ?? [];
  if (cursorTime && cursorId) {
    where.push(
      or(
        lt(conversations.createdAt, Number(cursorTime)),
        and(eq(conversations.createdAt, Number(cursorTime)), lt(conversations.id, cursorId)),
      ),
    );
  }
  return where.filter((w): w is SQL => w !== undefined);
}

/** How many conversations match (for the audit log and "this will delete N chats"). */
export async function countConversations(db: Db, args: Omit<SearchArgs, "cursor" | "limit">): Promise<number> {
  const row = await db
    .select({ n: sql<number>`count(*)` })
    .from(conversations)
    .where(and(...conditions({ ...args, limit: 0 })))
    .get();
  return row?.n ?? 0;
}

/** How many files were sent in the matching conversations: what a ZIP export of them carries. */
export async function countFilesOfMatching(db: Db, args: Omit<SearchArgs, "cursor" | "limit">): Promise<number> {
  const row = await db
    .select({ n: sql<number>`count(*)` })
    .from(attachments)
    .innerJoin(conversations, and(eq(conversations.id, attachments.conversationId), eq(conversations.accountId, attachments.accountId)))
    .where(and(isNotNull(attachments.messageClientId), ...conditions({ ...args, limit: 0 })))
    .get();
  return row?.n ?? 0;
}

/** One page of matching conversations, newest first, with the cursor of the next page. */
export async function searchConversations(db: Db, args: SearchArgs): Promise<{ rows: ConversationRow[]; nextCursor: string | null }> {
  const rows = await db
    .select()
    .from(conversations)
    .where(and(...conditions(args)))
    .orderBy(desc(conversations.createdAt), desc(conversations.id))
    .limit(args.limit + 1);
  const page = rows.slice(0, args.limit);
  const last = page.at(-1);
  return { rows: page, nextCursor: rows.length > args.limit && last ? `${last.createdAt}:${last.id}` : null };
}
