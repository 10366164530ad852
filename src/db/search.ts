import { and, desc, eq, exists, getTableColumns, gte, inArray, isNotNull, isNull, lt, ne, notExists, or, type SQL, sql } from "drizzle-orm";
import { tagKey } from "../shared/tags";
import { type Db, inAccount } from "./client";
import { attachments, consentReceipts, conversationNameTokens, conversations, conversationTags, messages } from "./schema";

/** Search criteria with email and name already turned into blind indexes. */
export interface SearchCriteria {
  emailBidx?: string;
  verifiedUserBidx?: string;
  /** Leaves this conversation out (a visitor's other conversations). */
  exceptId?: string;
  /** Only these conversations (an app refreshing the rows it lists). */
  ids?: string[];
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
  // With name tokens the token index finds the matching conversations first, then they are sorted:
  // the cost grows with the matches. With the account as an index term SQLite (without statistics)
  // walked the account's conversations newest first instead, testing each against the token list:
  // as slow as the account is large for a rare name (20 ms at 100,000 chats, bench/storage.ts). A
  // very common token alone (a first name in 1 of 20 chats) pays for sorting its matches instead.
  const byName = (c.nameTokenBidx?.length ?? 0) > 0;
  const where: (SQL | undefined)[] = [byName ? inAccount(conversations.accountId, a.accountId) : eq(conversations.accountId, a.accountId)];
  if (a.departmentIds) where.push(a.departmentIds.length > 0 ? inArray(conversations.departmentId, a.departmentIds) : sql`0`);
  if (c.emailBidx) where.push(eq(conversations.visitorEmailBidx, c.emailBidx));
  if (c.verifiedUserBidx) where.push(eq(conversations.verifiedUserBidx, c.verifiedUserBidx));
  if (c.exceptId) where.push(ne(conversations.id, c.exceptId));
  if (c.ids) where.push(inArray(conversations.id, c.ids));
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
  return { rows: page, nextCursor: nextCursor(page, rows.length > args.limit) };
}

/** The cursor after a page (what conditions() reads back), or null when nothing follows it. */
function nextCursor(page: ConversationRow[], more: boolean): string | null {
  const last = page.at(-1);
  return more && last ? `${last.createdAt}:${last.id}` : null;
}

/** What a summary needs from other tables, read with its row (see summaryPage). */
export interface RowFacts {
  wrappedKey: string | null;
  hasConsent: boolean;
  assignedOperatorName: string | null;
  /** Labels as shown, in key order. */
  tags: string[];
}

/**
 * searchConversations for the summaries of a list: one page with each row's wrapped data key,
 * consent, assignee's name and tags, in one statement. The page is cut first (a CTE), so those
 * lookups run for its rows only, never for every match before the sort. Every D1 round trip adds
 * to each search's time (bench/storage.ts), and this is one instead of two.
 */
export async function searchSummaryPage(
  db: Db,
  args: SearchArgs,
): Promise<{ rows: ConversationRow[]; facts: Map<string, RowFacts>; nextCursor: string | null }> {
  const page = db.$with("page").as(
    db
      .select()
      .from(conversations)
      .where(and(...conditions(args)))
      .orderBy(desc(conversations.createdAt), desc(conversations.id))
      .limit(args.limit + 1),
  );
  // Every column of the page as it is selected from the CTE, with its decoder (booleans stay booleans).
  // drizzle writes a CTE's columns unqualified ("id"), which inside a subquery would name that
  // table's own column: the lookups below name "page" and their tables explicitly.
  const pageColumns = Object.fromEntries(
    Object.keys(getTableColumns(conversations)).map((name) => [name, page[name as keyof typeof page]]),
  ) as unknown as typeof page._.selectedFields;
  const found = await db
    .with(page)
    .select({
      ...pageColumns,
      factWrappedKey: sql<
        string | null
      >`(SELECT k.wrapped_key FROM conversation_keys k WHERE k.conversation_id = "page"."id" AND +k.account_id = ${args.accountId})`,
      factConsent: sql<number>`EXISTS (SELECT 1 FROM consent_receipts r WHERE r.conversation_id = "page"."id" AND +r.account_id = ${args.accountId})`,
      factOperatorName: sql<
        string | null
      >`(SELECT o.display_name FROM operators o WHERE o.id = "page"."assigned_operator_id" AND o.account_id = ${args.accountId})`,
      factTags: sql<string>`(SELECT json_group_array(shown) FROM (SELECT coalesce(t.label, t.tag) AS shown FROM conversation_tags t WHERE t.conversation_id = "page"."id" AND +t.account_id = ${args.accountId} ORDER BY t.tag))`,
    })
    .from(page)
    .orderBy(desc(page.createdAt), desc(page.id));
  const facts = new Map<string, RowFacts>();
  const rows = found.slice(0, args.limit).map(({ factWrappedKey, factConsent, factOperatorName, factTags, ...row }) => {
    facts.set(row.id, {
      wrappedKey: factWrappedKey,
      hasConsent: Boolean(factConsent),
      assignedOperatorName: factOperatorName,
      tags: JSON.parse(factTags) as string[],
    });
    return row;
  });
  return { rows, facts, nextCursor: nextCursor(rows, found.length > args.limit) };
}
