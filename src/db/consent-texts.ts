import { and, desc, eq, inArray, isNotNull, isNull, lte, ne, notExists, sql } from "drizzle-orm";
import { type Db, newId } from "./client";
import { consentReceipts, consentTexts, widgets } from "./schema";

// The archive of disclaimer texts (src/consent/archive.ts decides what goes in and when).

export type ConsentTextRow = typeof consentTexts.$inferSelect;

export interface ArchivedText {
  accountId: string;
  widgetId: string;
  language: string;
  hash: string;
  text: string;
  builtIn: boolean;
}

/**
 * The statement that records `text` as in force on the widget for the language from `now`, unless
 * it already is (the partial unique index on open periods makes this one INSERT): for a batch with
 * the consent receipt that names it, so no receipt can refer to an unarchived text.
 */
export const recordInForce = (db: Db, t: ArchivedText, now: number) =>
  db
    .insert(consentTexts)
    .values({ id: newId(), ...t, inForceFrom: now, inForceUntil: null })
    .onConflictDoNothing();

/** The widget's open periods (texts in force now), every language. */
export const openPeriods = (db: Db, accountId: string, widgetId: string) =>
  db
    .select()
    .from(consentTexts)
    .where(and(eq(consentTexts.accountId, accountId), eq(consentTexts.widgetId, widgetId), isNull(consentTexts.inForceUntil)));

/**
 * One language's text changed from `before` to `after` at `now`: every other open period of that
 * language ends, `before` is archived as ending now if the archive never saw it (texts in force
 * before the archive began: their start is unknown, so null), and `after` is in force from now.
 */
export function replaceInForce(db: Db, before: ArchivedText & { archived: boolean }, after: ArchivedText, now: number) {
  const { archived, ...old } = before;
  return [
    db
      .update(consentTexts)
      .set({ inForceUntil: now })
      .where(
        and(
          eq(consentTexts.accountId, after.accountId),
          eq(consentTexts.widgetId, after.widgetId),
          eq(consentTexts.language, after.language),
          isNull(consentTexts.inForceUntil),
          ne(consentTexts.hash, after.hash),
        ),
      ),
    ...(archived ? [] : [db.insert(consentTexts).values({ id: newId(), ...old, inForceFrom: null, inForceUntil: now })]),
    recordInForce(db, after, now),
  ] as const;
}

/** Every archived period of this text in the account, newest first. */
export const periodsOfHash = (db: Db, accountId: string, hash: string) =>
  db
    .select()
    .from(consentTexts)
    .where(and(eq(consentTexts.accountId, accountId), eq(consentTexts.hash, hash)))
    .orderBy(desc(sql`coalesce(${consentTexts.inForceFrom}, 0)`));

/** A page of the archive for the widgets of some departments (null: all), newest period first, by id cursor within that order. */
export async function listArchive(
  db: Db,
  args: { accountId: string; departmentIds: string[] | null; widgetId?: string; offset: number; limit: number },
): Promise<ConsentTextRow[]> {
  const rows = await db
    .select({ row: consentTexts })
    .from(consentTexts)
    .innerJoin(widgets, eq(widgets.id, consentTexts.widgetId))
    .where(
      and(
        eq(consentTexts.accountId, args.accountId),
        args.departmentIds ? inArray(widgets.departmentId, args.departmentIds) : undefined,
        args.widgetId ? eq(consentTexts.widgetId, args.widgetId) : undefined,
      ),
    )
    .orderBy(desc(sql`coalesce(${consentTexts.inForceFrom}, 0)`), desc(consentTexts.id))
    .limit(args.limit + 1)
    .offset(args.offset);
  return rows.map((r) => r.row);
}

/**
 * Deletes periods that ended before `now` and whose text no receipt of the account names any
 * more (receipts go with their conversations); texts in force stay. How many went.
 */
export async function deleteUnreferencedTexts(db: Db, now: number): Promise<{ accountId: string; count: number }[]> {
  const gone = await db
    .delete(consentTexts)
    .where(
      and(
        isNotNull(consentTexts.inForceUntil),
        lte(consentTexts.inForceUntil, now),
        notExists(
          db
            .select({ one: sql`1` })
            .from(consentReceipts)
            .where(and(eq(consentReceipts.accountId, consentTexts.accountId), eq(consentReceipts.disclaimerHash, consentTexts.hash))),
        ),
      ),
    )
    .returning({ accountId: consentTexts.accountId });
  const counts = new Map<string, number>();
  for (const row of gone) counts.set(row.accountId, (counts.get(row.accountId) ?? 0) + 1);
  return [...counts].map(([accountId, count]) => ({ accountId, count }));
}

/** A conversation's consent receipt as stored; undefined without one. */
export const findReceipt = (db: Db, accountId: string, conversationId: string) =>
  db
    .select()
    .from(consentReceipts)
    .where(and(eq(consentReceipts.accountId, accountId), eq(consentReceipts.conversationId, conversationId)))
    .get();
