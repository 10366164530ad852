import { and, asc, count, eq, gt, gte, inArray, lt, or } from "drizzle-orm";
import type { Db } from "./client";
import { attachments, auditLog, departments, operators, roles, widgets } from "./schema";

// What the record of processing and the signed audit export read, per account. Plain queries; the
// meaning of each column lives in src/compliance/.

/** Every widget of the account with its department's name, oldest first. */
export const widgetsWithDepartments = (db: Db, accountId: string) =>
  db
    .select({ widget: widgets, departmentName: departments.name })
    .from(widgets)
    .innerJoin(departments, eq(departments.id, widgets.departmentId))
    .where(eq(widgets.accountId, accountId))
    .orderBy(asc(widgets.createdAt), asc(widgets.id));

/** The account's roles with how many enabled operators hold each. */
export const rolesWithOperatorCounts = (db: Db, accountId: string) =>
  db
    .select({ role: roles, operators: count(operators.id) })
    .from(roles)
    .leftJoin(operators, and(eq(operators.roleId, roles.id), eq(operators.disabled, false)))
    .where(eq(roles.accountId, accountId))
    .groupBy(roles.id)
    .orderBy(asc(roles.createdAt), asc(roles.id));

/** How many files of the account's conversations R2 holds now (whatever the widgets allow today). */
export async function storedAttachmentCount(db: Db, accountId: string): Promise<number> {
  const [row] = await db.select({ n: count() }).from(attachments).where(eq(attachments.accountId, accountId));
  return row?.n ?? 0;
}

export type AuditRow = typeof auditLog.$inferSelect;

/**
 * One page of the account's audit entries in [from, to), oldest first, after the (createdAt, id)
 * cursor; limited to `departmentIds` when the reader's role is.
 */
export const auditWindowPage = (
  db: Db,
  accountId: string,
  departmentIds: string[] | null,
  window: { from: number; to: number },
  after: { createdAt: number; id: string } | null,
  limit: number,
) =>
  db
    .select()
    .from(auditLog)
    .where(
      and(
        eq(auditLog.accountId, accountId),
        departmentIds ? inArray(auditLog.departmentId, departmentIds) : undefined,
        gte(auditLog.createdAt, window.from),
        lt(auditLog.createdAt, window.to),
        after
          ? or(gt(auditLog.createdAt, after.createdAt), and(eq(auditLog.createdAt, after.createdAt), gt(auditLog.id, after.id)))
          : undefined,
      ),
    )
    .orderBy(asc(auditLog.createdAt), asc(auditLog.id))
    .limit(limit);
