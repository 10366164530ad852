import { sql } from "drizzle-orm";
import type { AuditAction } from "../shared/audit-actions";
import type { Db } from "./client";
import { newId } from "./client";
import { auditLog } from "./schema";

export interface AuditEntry {
  accountId: string;
  actorKind: "operator" | "api_token" | "system";
  actorId: string | null;
  action: AuditAction;
  targetType?: string;
  targetId?: string;
  count?: number;
  /** Files an export carried or an erasure deleted with its conversations. */
  fileCount?: number;
  /** The department the entry is about (a widget's, a conversation's); readers scoped to departments see only these. */
  departmentId?: string | null;
  now: number;
}

/** The statement that appends one audit entry (for use in a batch with the change it records). */
export const auditInsert = (db: Db, e: AuditEntry) =>
  db.insert(auditLog).values({
    id: newId(),
    accountId: e.accountId,
    actorKind: e.actorKind,
    actorId: e.actorId,
    action: e.action,
    targetType: e.targetType ?? null,
    targetId: e.targetId ?? null,
    count: e.count ?? null,
    fileCount: e.fileCount ?? null,
    departmentId: e.departmentId ?? null,
    createdAt: e.now,
  });

export async function audit(db: Db, entry: AuditEntry): Promise<void> {
  await auditInsert(db, entry);
}

/** Repeated reads of one conversation by one actor within this window make one entry, at the first read. */
export const READ_AUDIT_WINDOW_MS = 10 * 60 * 1000;

/**
 * Appends a read entry unless the same actor already has one for the same action and target within
 * READ_AUDIT_WINDOW_MS. The app re-reads a conversation's summary each time it changes; one entry
 * per message would bury everything else in the log without telling more. One statement, so two
 * reads at once cannot both skip nor both write more than their own entry.
 */
export async function auditReadOnce(db: Db, e: AuditEntry & { targetType: string; targetId: string }): Promise<void> {
  await db.run(sql`
    INSERT INTO audit_log (id, account_id, actor_kind, actor_id, action, target_type, target_id, count, department_id, created_at)
    SELECT ${newId()}, ${e.accountId}, ${e.actorKind}, ${e.actorId}, ${e.action}, ${e.targetType}, ${e.targetId}, ${e.count ?? null}, ${e.departmentId ?? null}, ${e.now}
    WHERE NOT EXISTS (
      SELECT 1 FROM audit_log
      WHERE account_id = ${e.accountId} AND created_at > ${e.now - READ_AUDIT_WINDOW_MS}
        AND actor_kind = ${e.actorKind} AND actor_id IS ${e.actorId} AND action = ${e.action} AND target_id = ${e.targetId}
    )`);
}
