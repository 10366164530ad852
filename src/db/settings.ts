import { and, asc, desc, eq, gt, gte, inArray, lt, or, sql } from "drizzle-orm";
import type { WidgetRetention } from "../shared/admin-api";
import type { Db } from "./client";
import { accounts, auditLog, widgets } from "./schema";

export const findAccount = (db: Db, accountId: string) => db.select().from(accounts).where(eq(accounts.id, accountId)).get();

export async function updateAccount(
  db: Db,
  accountId: string,
  changes: Partial<
    Pick<
      typeof accounts.$inferSelect,
      "name" | "retentionMonths" | "pseudonymousAnalytics" | "requireTwoFactor" | "awayAfterIdleMinutes" | "dataRequestRetentionMonths"
    >
  >,
) {
  if (Object.keys(changes).length > 0) await db.update(accounts).set(changes).where(eq(accounts.id, accountId));
}

/** A page of the account's widgets, limited to some departments unless `departmentIds` is null. */
export const listWidgets = (db: Db, accountId: string, departmentIds: string[] | null, after: string | undefined, limit: number) =>
  db
    .select()
    .from(widgets)
    .where(
      and(
        eq(widgets.accountId, accountId),
        departmentIds ? inArray(widgets.departmentId, departmentIds) : undefined,
        after ? gt(widgets.id, after) : undefined,
      ),
    )
    .orderBy(asc(widgets.id))
    .limit(limit + 1);

export const findWidgetById = (db: Db, accountId: string, id: string) =>
  db
    .select()
    .from(widgets)
    .where(and(eq(widgets.accountId, accountId), eq(widgets.id, id)))
    .get();

export async function updateWidget(db: Db, accountId: string, id: string, changes: Partial<typeof widgets.$inferInsert>) {
  if (Object.keys(changes).length > 0)
    await db
      .update(widgets)
      .set(changes)
      .where(and(eq(widgets.accountId, accountId), eq(widgets.id, id)));
}

/** The column encodes the three choices: null = the account's, 0 = off, 1..36 = months. */
export const retentionToColumn = (r: WidgetRetention): number | null => (r.mode === "account" ? null : r.mode === "off" ? 0 : r.months);
export const retentionFromColumn = (months: number | null): WidgetRetention =>
  months === null ? { mode: "account" } : months === 0 ? { mode: "off" } : { mode: "months", months };

/** Audit entries, newest first, by a "<createdAt>:<id>" cursor. */
export interface AuditFilter {
  /** An action ("transcripts.deleted") or an area prefix ("transcripts."). */
  action?: string;
  actorId?: string;
  from?: number;
  to?: number;
}

/**
 * `departmentIds` (a role's reach, null = all): a reader limited to departments sees only entries
 * about those departments' widgets and conversations, never account-wide ones, which may be about
 * any department.
 */
export async function listAudit(
  db: Db,
  accountId: string,
  departmentIds: string[] | null,
  filter: AuditFilter,
  cursor: string | undefined,
  limit: number,
) {
  const [time, id] = cursor?.split(":") ?? [];
  const rows = await db
    .select()
    .from(auditLog)
    .where(
      and(
        eq(auditLog.accountId, accountId),
        departmentIds ? inArray(auditLog.departmentId, departmentIds) : undefined,
        // A prefix compares exactly: with LIKE, the "_" of "api_token." would match any character.
        // A whole action is any string the query allows (one this server never writes matches nothing).
        filter.action
          ? filter.action.endsWith(".")
            ? sql`substr(${auditLog.action}, 1, ${filter.action.length}) = ${filter.action}`
            : sql`${auditLog.action} = ${filter.action}`
          : undefined,
        filter.actorId ? eq(auditLog.actorId, filter.actorId) : undefined,
        filter.from !== undefined ? gte(auditLog.createdAt, filter.from) : undefined,
        filter.to !== undefined ? lt(auditLog.createdAt, filter.to) : undefined,
        time && id ? or(lt(auditLog.createdAt, Number(time)), and(eq(auditLog.createdAt, Number(time)), lt(auditLog.id, id))) : undefined,
      ),
    )
    .orderBy(desc(auditLog.createdAt), desc(auditLog.id))
    .limit(limit + 1);
  const items = rows.slice(0, limit);
  const last = items.at(-1);
  return { items, nextCursor: rows.length > limit && last ? `${last.createdAt}:${last.id}` : null };
}
