import { and, asc, count, desc, eq, inArray, isNotNull, lte, sql } from "drizzle-orm";
import { allows, permissionsSchema } from "../shared/permissions";
import type { Db } from "./client";
import { emailOutbox, operators, roles } from "./schema";
import { zeroed } from "./shred";

export type OutboxRow = typeof emailOutbox.$inferSelect;
export type OutboxKind = OutboxRow["kind"];
export type NewOutboxRow = Pick<
  OutboxRow,
  "id" | "accountId" | "conversationId" | "kind" | "recipientEnc" | "subjectEnc" | "bodyEnc" | "createdAt"
>;

export async function insertOutboxRows(db: Db, rows: NewOutboxRow[]): Promise<void> {
  // Eight values a row: 10 rows a statement stays under D1's 100 bound parameters.
  for (let i = 0; i < rows.length; i += 10) {
    await db
      .insert(emailOutbox)
      .values(rows.slice(i, i + 10).map((row) => ({ ...row, status: "pending" as const, nextAttemptAt: row.createdAt })));
  }
}

/**
 * Claims a pending entry that is due, so a cron run and an immediate delivery never both send it:
 * counts the attempt and moves its next attempt `leaseMs` ahead (where it stays if this attempt
 * dies half-way). The row, or null when it is not due, not pending or gone.
 */
export async function claimOutboxRow(db: Db, id: string, now: number, leaseMs: number): Promise<OutboxRow | null> {
  const row = await db
    .update(emailOutbox)
    .set({ attempts: sql`${emailOutbox.attempts} + 1`, lastAttemptAt: now, nextAttemptAt: now + leaseMs })
    .where(and(eq(emailOutbox.id, id), eq(emailOutbox.status, "pending"), lte(emailOutbox.nextAttemptAt, now)))
    .returning()
    .get();
  return row ?? null;
}

/** The ids of due pending entries, oldest due first. */
export const dueOutboxIds = async (db: Db, now: number, limit: number): Promise<string[]> =>
  (
    await db
      .select({ id: emailOutbox.id })
      .from(emailOutbox)
      .where(and(eq(emailOutbox.status, "pending"), lte(emailOutbox.nextAttemptAt, now)))
      .orderBy(asc(emailOutbox.nextAttemptAt))
      .limit(limit)
  ).map((r) => r.id);

/** After a failed attempt: try again at `nextAttemptAt`, or (null) give up and keep it as failed. */
export async function recordOutboxFailure(db: Db, id: string, error: string, nextAttemptAt: number | null): Promise<void> {
  await db
    .update(emailOutbox)
    .set({ lastError: error, status: nextAttemptAt === null ? "failed" : "pending", nextAttemptAt })
    .where(eq(emailOutbox.id, id));
}

/**
 * Overwrites the sealed fields with zero bytes, then deletes the rows, in one batch: a sent email
 * leaves nothing behind, not even in a page's free space (see src/db/shred.ts).
 */
export async function shredOutboxRows(db: Db, ids: string[]): Promise<void> {
  if (ids.length === 0) return;
  const these = inArray(emailOutbox.id, ids);
  await db.batch([
    db
      .update(emailOutbox)
      .set({
        recipientEnc: zeroed(emailOutbox.recipientEnc),
        subjectEnc: zeroed(emailOutbox.subjectEnc),
        bodyEnc: zeroed(emailOutbox.bodyEnc),
      })
      .where(these),
    db.delete(emailOutbox).where(these),
  ]);
}

/** Failed entries whose last attempt is older than `before`: what the sweep deletes. */
export const failedOutboxIdsBefore = async (db: Db, before: number, limit: number): Promise<string[]> =>
  (
    await db
      .select({ id: emailOutbox.id })
      .from(emailOutbox)
      .where(and(eq(emailOutbox.status, "failed"), lte(emailOutbox.lastAttemptAt, before)))
      .limit(limit)
  ).map((r) => r.id);

/** Puts an account's failed entries (all, or those of `ids`) back in the queue, due now, with a fresh count. */
export async function requeueFailed(db: Db, accountId: string, now: number, ids?: string[]): Promise<string[]> {
  const rows = await db
    .update(emailOutbox)
    .set({ status: "pending", attempts: 0, nextAttemptAt: now })
    .where(and(eq(emailOutbox.accountId, accountId), eq(emailOutbox.status, "failed"), ids ? inArray(emailOutbox.id, ids) : undefined))
    .returning({ id: emailOutbox.id });
  return rows.map((r) => r.id);
}

/** How many of an account's entries wait and how many failed, and its latest entries: no content, no recipient. */
export async function outboxOverview(db: Db, accountId: string, limit: number) {
  const [counts, recent] = await Promise.all([
    db
      .select({ status: emailOutbox.status, n: count() })
      .from(emailOutbox)
      .where(eq(emailOutbox.accountId, accountId))
      .groupBy(emailOutbox.status),
    db
      .select({
        id: emailOutbox.id,
        kind: emailOutbox.kind,
        status: emailOutbox.status,
        attempts: emailOutbox.attempts,
        createdAt: emailOutbox.createdAt,
        lastAttemptAt: emailOutbox.lastAttemptAt,
        nextAttemptAt: emailOutbox.nextAttemptAt,
        lastError: emailOutbox.lastError,
      })
      .from(emailOutbox)
      .where(and(eq(emailOutbox.accountId, accountId), isNotNull(emailOutbox.lastAttemptAt)))
      .orderBy(desc(emailOutbox.lastAttemptAt))
      .limit(limit),
  ]);
  const of = (status: OutboxRow["status"]) => counts.find((c) => c.status === status)?.n ?? 0;
  return { pending: of("pending"), failed: of("failed"), recent };
}

/**
 * The email addresses of the account's active operators who may read conversations of
 * `departmentId` (chats at least "read", and the department within their role's).
 */
export async function operatorsWhoMayRead(db: Db, accountId: string, departmentId: string): Promise<{ id: string; email: string }[]> {
  const rows = await db
    .select({ id: operators.id, email: operators.email, permissions: roles.permissions, departmentIds: roles.departmentIds })
    .from(operators)
    .innerJoin(roles, eq(roles.id, operators.roleId))
    .where(and(eq(operators.accountId, accountId), eq(operators.disabled, false)));
  return rows
    .filter((row) => {
      const departments = row.departmentIds ? (JSON.parse(row.departmentIds) as string[]) : null;
      return (
        allows(permissionsSchema.parse(JSON.parse(row.permissions)).chats, "read") &&
        (departments === null || departments.includes(departmentId))
      );
    })
    .map(({ id, email }) => ({ id, email }));
}

/** A conversation's outbox rows, oldest first. */
export const outboxRowsOf = (db: Db, accountId: string, conversationId: string): Promise<OutboxRow[]> =>
  db
    .select()
    .from(emailOutbox)
    .where(and(eq(emailOutbox.accountId, accountId), eq(emailOutbox.conversationId, conversationId)))
    .orderBy(asc(emailOutbox.createdAt));
