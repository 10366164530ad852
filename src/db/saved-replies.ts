import { and, asc, eq, gt, inArray, isNull, ne, or, type SQL } from "drizzle-orm";
import type { SavedReply } from "../shared/saved-replies-api";
import { type Db, newId } from "./client";
import { savedReplies } from "./schema";

// Saved replies of one account. Every function takes the account id; a reply's department decides
// who sees it: account-wide ones (department_id null) everyone, the others that department's roles.

type SavedReplyRow = typeof savedReplies.$inferSelect;

export const toSavedReply = (row: SavedReplyRow): SavedReply => ({
  id: row.id,
  departmentId: row.departmentId,
  title: row.title,
  shortcut: row.shortcut,
  texts: JSON.parse(row.texts) as Record<string, string>,
  createdAt: row.createdAt,
  updatedAt: row.updatedAt,
});

/** Replies for these departments (null: all of them) and the account-wide ones. */
function within(accountId: string, departmentIds: readonly string[] | null): SQL {
  return and(
    eq(savedReplies.accountId, accountId),
    departmentIds === null
      ? undefined
      : departmentIds.length === 0
        ? isNull(savedReplies.departmentId)
        : or(isNull(savedReplies.departmentId), inArray(savedReplies.departmentId, [...departmentIds])),
  )!;
}

/** A page by id of the replies a role over `departmentIds` (null: all) sees. */
export const listSavedReplies = (db: Db, accountId: string, departmentIds: string[] | null, after: string | undefined, limit: number) =>
  db
    .select()
    .from(savedReplies)
    .where(and(within(accountId, departmentIds), after ? gt(savedReplies.id, after) : undefined))
    .orderBy(asc(savedReplies.id))
    .limit(limit + 1);

/** What an operator answering a conversation of `departmentId` may insert, by shortcut. */
export const usableSavedReplies = (db: Db, accountId: string, departmentId: string) =>
  db
    .select()
    .from(savedReplies)
    .where(within(accountId, [departmentId]))
    .orderBy(asc(savedReplies.shortcut), asc(savedReplies.id));

export const findSavedReply = (db: Db, accountId: string, id: string) =>
  db
    .select()
    .from(savedReplies)
    .where(and(eq(savedReplies.accountId, accountId), eq(savedReplies.id, id)))
    .get();

/**
 * Whether a reply of `departmentId` (null: account-wide) would share its shortcut with one that
 * some operator also gets: an account-wide reply meets every reply, a department's meets the
 * account-wide ones and its own department's. Replies of two other departments never meet, so a
 * shortcut tells nothing about a department the caller cannot see.
 */
export async function shortcutTaken(
  db: Db,
  accountId: string,
  args: { shortcut: string; departmentId: string | null; exceptId?: string },
): Promise<boolean> {
  const found = await db
    .select({ id: savedReplies.id })
    .from(savedReplies)
    .where(
      and(
        eq(savedReplies.accountId, accountId),
        eq(savedReplies.shortcut, args.shortcut),
        args.departmentId === null ? undefined : or(isNull(savedReplies.departmentId), eq(savedReplies.departmentId, args.departmentId)),
        args.exceptId ? ne(savedReplies.id, args.exceptId) : undefined,
      ),
    )
    .get();
  return found !== undefined;
}

export async function createSavedReply(
  db: Db,
  args: { accountId: string; departmentId: string | null; title: string; shortcut: string; texts: Record<string, string>; now: number },
): Promise<string> {
  const id = newId();
  await db.insert(savedReplies).values({
    id,
    accountId: args.accountId,
    departmentId: args.departmentId,
    title: args.title,
    shortcut: args.shortcut,
    texts: JSON.stringify(args.texts),
    createdAt: args.now,
    updatedAt: args.now,
  });
  return id;
}

export async function updateSavedReply(
  db: Db,
  accountId: string,
  id: string,
  changes: { title?: string; shortcut?: string; departmentId?: string | null; texts?: Record<string, string> },
  now: number,
): Promise<void> {
  const { texts, ...rest } = changes;
  await db
    .update(savedReplies)
    .set({ ...rest, ...(texts ? { texts: JSON.stringify(texts) } : {}), updatedAt: now })
    .where(and(eq(savedReplies.accountId, accountId), eq(savedReplies.id, id)));
}

export async function deleteSavedReply(db: Db, accountId: string, id: string): Promise<void> {
  await db.delete(savedReplies).where(and(eq(savedReplies.accountId, accountId), eq(savedReplies.id, id)));
}

/** The statement that deletes a department's replies, for the batch that deletes the department. */
export const deleteDepartmentReplies = (db: Db, accountId: string, departmentId: string) =>
  db.delete(savedReplies).where(and(eq(savedReplies.accountId, accountId), eq(savedReplies.departmentId, departmentId)));
