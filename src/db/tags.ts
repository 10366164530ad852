import { and, asc, desc, eq, gte, inArray, lt, sql } from "drizzle-orm";
import { distinctTags, tagKey } from "../shared/tags";
import { chunks, type Db, inAccount } from "./client";
import { conversations, conversationTags } from "./schema";

// A conversation's tags are rows keyed by `tagKey` (case-insensitive) that keep the spelling an
// operator first typed. Search filters by the key (src/db/search.ts), so "VIP" finds "vip".

/**
 * Replaces a conversation's tags with `tags`, one per key. A tag the conversation already has keeps
 * its spelling ("Billing" added to a chat tagged "billing" is the same tag, shown as before).
 */
export async function setTags(db: Db, accountId: string, conversationId: string, tags: readonly string[]): Promise<string[]> {
  const own = and(eq(conversationTags.accountId, accountId), eq(conversationTags.conversationId, conversationId));
  const before = await db.select({ tag: conversationTags.tag, label: conversationTags.label }).from(conversationTags).where(own);
  const kept = new Map(before.map((row) => [tagKey(row.label ?? row.tag), row.label ?? row.tag]));
  const next = distinctTags(tags).map((tag) => ({ key: tagKey(tag), label: kept.get(tagKey(tag)) ?? tag }));
  await db.batch([
    db.delete(conversationTags).where(own),
    ...next.map(({ key, label }) => db.insert(conversationTags).values({ accountId, conversationId, tag: key, label })),
  ]);
  return next.map(({ label }) => label).sort(byKey);
}

const byKey = (a: string, b: string) => (tagKey(a) < tagKey(b) ? -1 : tagKey(a) > tagKey(b) ? 1 : 0);

/** The tag rows of one chunk of conversations (at most `chunks`' size), in key order; grouped by `groupTags`. */
export const tagRowsQuery = (db: Db, accountId: string, ids: string[]) =>
  db
    .select({ conversationId: conversationTags.conversationId, tag: conversationTags.tag, label: conversationTags.label })
    .from(conversationTags)
    .where(and(inAccount(conversationTags.accountId, accountId), inArray(conversationTags.conversationId, ids)))
    .orderBy(conversationTags.tag);

/** Adds tag rows to `tags`, each conversation's tags as shown. */
export function groupTags(tags: Map<string, string[]>, rows: { conversationId: string; tag: string; label: string | null }[]): void {
  for (const row of rows) tags.set(row.conversationId, [...(tags.get(row.conversationId) ?? []), row.label ?? row.tag]);
}

/** Each conversation's tags as shown, in key order. */
export async function tagsOf(db: Db, accountId: string, ids: readonly string[]): Promise<Map<string, string[]>> {
  const tags = new Map<string, string[]>();
  for (const chunk of chunks(ids)) groupTags(tags, await tagRowsQuery(db, accountId, chunk));
  return tags;
}

/** How many suggestions the tag editor gets at most. */
export const TAG_SUGGESTIONS = 20;

/**
 * The tags in use on conversations the caller can see (its departments: a tag of another
 * department's chat is not theirs to learn), most used first; with `prefix`, those whose key
 * starts with it, read from the (account, key) index.
 */
export async function tagSuggestions(
  db: Db,
  args: { accountId: string; departmentIds: string[] | null; prefix?: string },
): Promise<string[]> {
  const key = args.prefix ? tagKey(args.prefix) : "";
  const where = [eq(conversationTags.accountId, args.accountId)];
  if (key) {
    // Every key that starts with `key` sorts at or after it and before `key` + the highest code point.
    where.push(gte(conversationTags.tag, key), lt(conversationTags.tag, `${key}\u{10ffff}`));
  }
  if (args.departmentIds) {
    if (args.departmentIds.length === 0) return [];
    where.push(
      inArray(
        conversationTags.conversationId,
        db
          .select({ id: conversations.id })
          .from(conversations)
          .where(and(eq(conversations.accountId, args.accountId), inArray(conversations.departmentId, args.departmentIds))),
      ),
    );
  }
  const rows = await db
    .select({ label: sql<string>`min(coalesce(${conversationTags.label}, ${conversationTags.tag}))`, uses: sql<number>`count(*)` })
    .from(conversationTags)
    .where(and(...where))
    .groupBy(conversationTags.tag)
    .orderBy(desc(sql`count(*)`), asc(conversationTags.tag))
    .limit(TAG_SUGGESTIONS);
  return rows.map((row) => row.label);
}
